package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * The regression corpus (src/test/resources/fuzz-regressions/PARSER/*.hex): every input that once broke a parser,
 * replayed against its contract.
 */
@Timeout(60)
class FuzzRegressionTest {
    static final Path CORPUS = Path.of("src/test/resources/fuzz-regressions");

    @TestFactory
    Stream<DynamicTest> everyKeptInputParsesOrIsRefused() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String target : Targets.names()) {
            for (Path file : inputs(target)) {
                tests.add(DynamicTest.dynamicTest(target + "/" + file.getFileName(), () -> {
                    byte[] input = read(file);
                    Optional<Throwable> breach = Fuzz.outcome(Targets.parser(target), input);
                    if (breach.isPresent()) {
                        fail(file + " (" + HexFormat.of().formatHex(input) + ") threw " + breach.get(), breach.get());
                    }
                }));
            }
        }
        assertFalse(tests.isEmpty(), "no inputs in " + CORPUS);
        return tests.stream();
    }

    /** Every folder is a parser's: a misspelt folder would be replayed by nothing. */
    @Test
    void everyFolderNamesAParser() throws IOException {
        try (Stream<Path> folders = Files.list(CORPUS)) {
            List<String> names = folders.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(name -> !name.equals("control")).collect(Collectors.toList());
            assertFalse(names.isEmpty());
            for (String name : names) {
                assertTrue(Targets.names().contains(name), name + " is not one of " + Targets.names());
                assertFalse(inputs(name).isEmpty(), name + " holds no .hex input");
            }
        }
    }

    private static List<Path> inputs(String target) throws IOException {
        Path folder = CORPUS.resolve(target);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".hex")).sorted().toList();
        }
    }

    /** Hex, whitespace ignored, lines starting with # left out. */
    static byte[] read(Path file) throws IOException {
        String hex = Files.readAllLines(file).stream().filter(line -> !line.strip().startsWith("#"))
                .collect(Collectors.joining()).replaceAll("\\s", "");
        return HexFormat.of().parseHex(hex);
    }
}
