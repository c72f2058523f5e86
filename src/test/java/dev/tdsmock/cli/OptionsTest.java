package dev.tdsmock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.JournalFile;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OptionsTest {
    private static Options parse(String... args) {
        return Options.parse(args, Optional.empty());
    }

    @Test
    void theJournalRotatesAt100MiBAndKeepsFiveByDefault() {
        assertEquals(new JournalFile.Rotation(100L * 1024 * 1024, 5), parse().journalRotation());
    }

    @Test
    void rotationOptionsTakeSizesWithUnits() {
        assertEquals(new JournalFile.Rotation(512 * 1024, 0),
                parse("--journal-max-size", "512KiB", "--journal-keep", "0").journalRotation());
        assertEquals(1_000_000, parse("--journal-max-size", "1000000").journalRotation().maxBytes());
    }

    @Test
    void theJournalsInMemoryShare64MiBByDefaultOrWhatTheOptionSays() {
        assertEquals(64L * 1024 * 1024, parse().journalMemory());
        assertEquals(16L * 1024 * 1024, parse("--all", "--journal-memory", "16MiB").journalMemory());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--journal-memory", "0"))
                .getMessage().contains("--journal-memory '0'"));
    }

    @Test
    void badRotationOptionsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--journal-max-size", "big"))
                .getMessage().contains("--journal-max-size 'big'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--journal-max-size", "0"))
                .getMessage().contains("1 byte or more"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--journal-keep", "-1"))
                .getMessage().contains("--journal-keep '-1'"));
    }

    @Test
    void anEmptyTokenBeyondLoopbackIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> parse("--control-host", "0.0.0.0", "--control-token", ""));
        assertTrue(refused.getMessage().contains("the control token is empty"), refused.getMessage());
    }

    @Test
    void anEmptyTokenOnLoopbackMeansNoToken() {
        assertEquals(Optional.empty(), parse("--control-token", "").controlToken());
        assertEquals(Optional.of("t"), parse("--control-host", "0.0.0.0", "--control-token", "t").controlToken());
    }
}
