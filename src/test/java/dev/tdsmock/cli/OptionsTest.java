package dev.tdsmock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.JournalFile;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OptionsTest {
    private static Options parse(String... args) {
        return Options.parse(args, Map.of());
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

    @Test
    void scenarioAllAndListExcludeOneAnother() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> parse("--all", "--scenario", "dhe"));
        assertTrue(both.getMessage().contains("mutually exclusive"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("--list", "--all"));
        assertEquals("dhe", parse("--scenario", "dhe").scenario());
    }

    @Test
    void unknownOptionsAndMissingValuesAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--bogus")).getMessage()
                .contains("'--bogus'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--port")).getMessage()
                .contains("--port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> parse("--port", "abc")).getMessage()
                .contains("--port 'abc' is not a TCP port"));
    }

    @Test
    void defaultsComeFromTheEnvironmentAndTheCommandLineWins() {
        Map<String, String> environment = Map.of("TDS_MOCK_PORT", "1444", "TDS_MOCK_SCENARIO", "dhe",
                "TDS_MOCK_CONTROL_PORT", "-1", "TDS_MOCK_CONTROL_TOKEN", "from-env", "TDS_MOCK_JOURNAL", "none");
        Options fromEnvironment = Options.parse(new String[0], environment);
        assertEquals(java.util.OptionalInt.of(1444), fromEnvironment.port());
        assertEquals("dhe", fromEnvironment.scenario());
        assertEquals(-1, fromEnvironment.controlPort());
        assertEquals(Optional.of("from-env"), fromEnvironment.controlToken());
        assertEquals(Optional.empty(), fromEnvironment.journal());
        Options overridden = Options.parse(new String[] {"--port", "1555", "--scenario", "healthy"}, environment);
        assertEquals(java.util.OptionalInt.of(1555), overridden.port());
        assertEquals("healthy", overridden.scenario());
        assertEquals("TDS_MOCK_JOURNAL_MAX_SIZE", EnvironmentDefaults.variable("--journal-max-size"));
    }

    @Test
    void helpAndCompletionAreGenerated() {
        assertTrue(parse("--help").help());
        assertTrue(Options.usage().contains("[--scenario=NAME|FILE | --all | --list]"), Options.usage());
        assertTrue(parse("--completion").completion());
        assertTrue(Options.completionScript().contains("complete -F _complete_tds-mock"),
                Options.completionScript().lines().limit(5).toList().toString());
    }

    @Test
    void anOptionGivenTwiceTakesItsLastValueAsTheLauncherNeeds() {
        assertEquals(Optional.of(java.nio.file.Path.of("mine.jsonl")),
                parse("--journal", "journal/connections.jsonl", "--journal", "mine.jsonl").journal());
    }

    @Test
    void aBadValueFromTheEnvironmentNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Options.parse(new String[0], Map.of("TDS_MOCK_PORT", "abc")));
        assertEquals("TDS_MOCK_PORT 'abc' is not a TCP port (0-65535)", e.getMessage());
    }

    @Test
    void upstreamTakesHostAndPortFromTheOptionOrTheEnvironment() {
        assertEquals(Optional.empty(), parse().upstream());
        assertEquals(Optional.of(new HostPort("sql.example", 1433)), parse("--upstream", "sql.example:1433").upstream());
        assertEquals(Optional.of(new HostPort("::1", 14333)), parse("--upstream", "[::1]:14333").upstream());
        assertEquals(Optional.of(new HostPort("db", 1433)),
                Options.parse(new String[0], Map.of("TDS_MOCK_UPSTREAM", "db:1433")).upstream());
        for (String wrong : new String[] {"sql.example", "sql.example:0", "sql.example:70000", ":1433", "::1:1433",
                "host:port"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> parse("--upstream", wrong), wrong);
            assertTrue(refused.getMessage().contains("--upstream takes HOST:PORT"), refused.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[0],
                Map.of("TDS_MOCK_UPSTREAM", "nope"))).getMessage().contains("TDS_MOCK_UPSTREAM"));
    }
}
