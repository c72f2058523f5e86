package dev.tdsmock.sql;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Prints how long splitting and answering take for the statements of issue 11 at growing sizes, and the characters
 * read per character of input. A figure to look at, not a test: run with
 * {@code java -cp target/classes:target/test-classes dev.tdsmock.sql.StatementBenchmark}.
 */
public final class StatementBenchmark {
    private static final Session SESSION = new Session(53, "sa", "master", "us_english", "tds-mock", "16.0.1000.6");

    private StatementBenchmark() {
    }

    public static void main(String[] args) {
        Map<String, IntFunction<String>> inputs = Map.of(
                "SELECT a, blanks, !", n -> "SELECT a" + " ".repeat(n) + "!",
                "line breaks", n -> "SELECT 1" + "\n".repeat(n) + "x",
                "f( and blanks", n -> "SELECT f(" + " ".repeat(n) + "x");
        SqlResponder responder = new SqlResponder(List.of());
        for (int round = 0; round < 2; round++) {
            for (var input : inputs.entrySet()) {
                for (int size : new int[] {16_300, 40_000, 1 << 20, 4 << 20}) {
                    String text = input.getValue().apply(size);
                    long started = System.nanoTime();
                    for (String statement : StatementSplitter.split(text)) {
                        responder.answer(statement, Map.of(), SESSION);
                    }
                    double millis = (System.nanoTime() - started) / 1e6;
                    BoundedText counted = new BoundedText(text, Long.MAX_VALUE);
                    new SelectListEvaluator(new BuiltInValues(SESSION), Map.of()).evaluate(counted);
                    StatementSplitter.split(counted);
                    System.out.printf("%-20s %9d chars %9.1f ms %6.2f reads/char%n", input.getKey(), text.length(),
                            millis, (double) counted.reads() / text.length());
                }
            }
        }
    }
}
