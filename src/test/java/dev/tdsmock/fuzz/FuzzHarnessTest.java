package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.MalformedTdsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself: it finds a planted bug, shrinks the input, keeps it, and lets refusals through. */
@Timeout(60)
class FuzzHarnessTest {
    private static final List<byte[]> SEEDS = List.of(new byte[40], "a seed of some thirty bytes!!!".getBytes());

    /** Breaks on inputs of an odd length above 45, which only mutants reach: the smallest is 47 bytes. */
    private static void planted(byte[] bytes) {
        if (bytes.length > 45 && bytes.length % 2 == 1) {
            throw new ArrayIndexOutOfBoundsException(bytes.length);
        }
    }

    @Test
    void aPlantedBugIsFoundShrunkAndKept() throws Exception {
        AssertionError found = assertThrows(AssertionError.class,
                () -> Fuzz.mutants("harness", FuzzHarnessTest::planted, SEEDS, UnaryOperator.identity()));
        String message = found.getMessage();
        assertTrue(message.contains("input of 47 bytes"), message);
        assertTrue(message.contains("ArrayIndexOutOfBoundsException"), message);
        Path saved = Path.of(message.substring(message.indexOf("saved as ") + "saved as ".length(),
                message.indexOf(": move it")));
        assertEquals(94, Files.readString(saved).strip().length(), saved.toString());
        Files.delete(saved);
    }

    @Test
    void refusalsWithAMessageAreTheContract() {
        int tried = Fuzz.mutants("harness", bytes -> {
            throw new MalformedTdsException("refused at byte " + bytes.length);
        }, SEEDS, UnaryOperator.identity());
        assertEquals(41 + 31 + Fuzz.tries(), tried, "every prefix of both seeds, then the mutants");
    }

    @Test
    void aRefusalWithoutAMessageBreaksIt() {
        assertThrows(AssertionError.class, () -> Fuzz.mutants("harness", bytes -> {
            throw new MalformedTdsException(" ");
        }, SEEDS, UnaryOperator.identity()));
    }

    @Test
    void theSameSeedMakesTheSameMutants() {
        Random first = Fuzz.random("same");
        Random second = Fuzz.random("same");
        for (int i = 0; i < 100; i++) {
            List<Mutator.Edit> edits = Mutator.edits(first);
            assertEquals(edits, Mutator.edits(second));
            assertTrue(java.util.Arrays.equals(Mutator.apply(SEEDS.get(1), SEEDS, edits),
                    Mutator.apply(SEEDS.get(1), SEEDS, edits)));
        }
    }
}
