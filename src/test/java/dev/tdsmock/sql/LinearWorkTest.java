package dev.tdsmock.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Counts the characters the splitter, the lexer and the select-list evaluator read ({@link BoundedText} with no
 * budget) on inputs built to make a backtracking or rescanning reader quadratic, at two sizes: the reads per
 * character stay below a constant, and doubling the input at most doubles the reads.
 */
@Timeout(60)
class LinearWorkTest {
    private static final int SMALL = 50_000;
    private static final int LARGE = 2 * SMALL;
    private static final long READS_PER_CHARACTER = 8;
    private static final Session SESSION = new Session(53, "sa", "master", "us_english", "tds-mock", "16.0.1000.6");

    static Stream<Arguments> hardInputs() {
        return Stream.of(
                input("SELECT a, blanks, !", n -> "SELECT a" + " ".repeat(n) + "!"),
                input("a run of line breaks", n -> "SELECT 1" + "\n".repeat(n) + "x"),
                input("line breaks with blanks", n -> "SELECT 1" + "\r\n \t".repeat(n / 4) + "x"),
                input("line breaks before words that start nothing", n -> "SELECT 1" + "\n a".repeat(n / 3)),
                input("line breaks before long words", n -> "SELECT 1" + "\nSELECTED".repeat(n / 9)),
                input("a function call of blanks", n -> "SELECT f(" + " ".repeat(n) + "x"),
                input("unclosed quotes", n -> "SELECT '" + "''".repeat(n / 2)),
                input("unclosed brackets", n -> "SELECT [" + "]]".repeat(n / 2)),
                input("nested comments", n -> "SELECT 1 " + "/*".repeat(n / 2)),
                input("line comments", n -> "SELECT 1 " + "--\n".repeat(n / 3)),
                input("commas", n -> "SELECT " + ",".repeat(n)),
                input("parentheses", n -> "SELECT " + "(".repeat(n)),
                input("digits", n -> "SELECT " + "9".repeat(n)),
                input("a decimal of zeros", n -> "SELECT 0." + "0".repeat(n) + "1"),
                input("an exponent", n -> "SELECT 1e" + "9".repeat(n)),
                input("items with aliases", n -> "SELECT " + "1 AS a,".repeat(n / 7) + "1"),
                input("semicolons", n -> ";".repeat(n)));
    }

    private static Arguments input(String name, IntFunction<String> build) {
        return Arguments.of(Named.of(name, build));
    }

    @ParameterizedTest(name = "splitter: {0}")
    @MethodSource("hardInputs")
    void splitterReadsEachCharacterAFewTimes(IntFunction<String> build) {
        assertLinear(build, StatementSplitter::split);
    }

    @ParameterizedTest(name = "lexer: {0}")
    @MethodSource("hardInputs")
    void lexerReadsEachCharacterAFewTimes(IntFunction<String> build) {
        assertLinear(build, SqlLexer::tokens);
    }

    @ParameterizedTest(name = "select list: {0}")
    @MethodSource("hardInputs")
    void selectListReadsEachCharacterAFewTimes(IntFunction<String> build) {
        assertLinear(build, text -> new SelectListEvaluator(new BuiltInValues(SESSION), Map.of()).evaluate(text));
    }

    private static void assertLinear(IntFunction<String> build, Consumer<CharSequence> work) {
        long small = reads(build.apply(SMALL), work);
        long large = reads(build.apply(LARGE), work);
        assertTrue(small <= READS_PER_CHARACTER * SMALL, small + " reads for " + SMALL + " characters");
        assertTrue(large <= READS_PER_CHARACTER * LARGE, large + " reads for " + LARGE + " characters");
        assertTrue(large <= 2 * small + 1000, "twice the input, " + large + " reads against " + small);
    }

    private static long reads(String text, Consumer<CharSequence> work) {
        BoundedText counted = new BoundedText(text, Long.MAX_VALUE);
        work.accept(counted);
        return counted.reads();
    }

    @Test
    void aBacktrackingPatternGivesUpWithinItsBudget() {
        // several hundred million reads, seconds of work, when matched without a budget
        String text = "a".repeat(28) + "!";
        ScriptedAnswer catastrophic = new ScriptedAnswer(Pattern.compile("(.*a){12}"), List.of(), List.of(),
                new ErrorReply(50000, 1, 16, "never"));
        assertEquals(ScriptedAnswer.Match.GAVE_UP, catastrophic.attempt(text));
        assertInstanceOf(Answer.Unknown.class,
                new SqlResponder(List.of(catastrophic)).answer(text, Map.of(), SESSION));
    }

    @Test
    void theMatchBudgetIsLinearInTheText() {
        BoundedText small = BoundedText.forMatching("x".repeat(SMALL));
        BoundedText large = BoundedText.forMatching("x".repeat(LARGE));
        ScriptedAnswer sane = new ScriptedAnswer(Pattern.compile("(?is).*select.*from t.*"), List.of(), List.of(),
                null);
        assertEquals(ScriptedAnswer.Match.DIFFERS, sane.attempt("SELECT x " + " ".repeat(LARGE) + " FROM u"));
        assertEquals(ScriptedAnswer.Match.MATCHES, sane.attempt("SELECT x " + " ".repeat(LARGE) + " FROM t"));
        assertEquals(BoundedText.READS_PER_CHARACTER * (LARGE - SMALL), budget(large) - budget(small));
    }

    private static long budget(BoundedText text) {
        long reads = 0;
        try {
            for (;;) {
                text.charAt(0);
                reads++;
            }
        } catch (BoundedText.Exhausted e) {
            return reads;
        }
    }
}
