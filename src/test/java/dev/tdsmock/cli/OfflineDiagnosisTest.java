package dev.tdsmock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tds-mock diagnose CAPTURE...}: its arguments, and what it prints for a capture and for a missing file. */
@Timeout(60)
class OfflineDiagnosisTest {
    @Test
    void diagnoseTakesTheCapturesAfterTheLaunchersOptions() {
        Options options = Options.parse(new String[] {"--scenarios", "scenarios", "--certs", "certs", "--journal",
            "none", "diagnose", "a.pcap", "b.pcapng"}, Map.of());
        assertEquals(List.of(Path.of("a.pcap"), Path.of("b.pcapng")), options.diagnose());
        assertEquals(List.of(), Options.parse(new String[0], Map.of()).diagnose());
        Options serving = Options.parse(new String[] {"--scenario", "diagnose", "--port", "0"}, Map.of());
        assertEquals("diagnose", serving.scenario(), "the scenario named diagnose, not the command");
        assertEquals(List.of(), serving.diagnose());
    }

    /**
     * A binary capture (tds-mock's own pcapng of an mssql-jdbc login), random bytes and a text capture in one run:
     * each file is judged or named, none stops the others.
     */
    @Test
    void binaryAndTextCapturesAndNoiseInOneRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        dev.tdsmock.journal.ConnectionRecord record;
        try (dev.tdsmock.server.TdsServer server = dev.tdsmock.server.TdsServer.start(
                new ScenarioLoader(TestServers.SCENARIOS).load("healthy").withListener("127.0.0.1", 0)
                        .withCapture(dir), TestServers.certificates())) {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:"
                    + server.port() + ";user=sa;password=Secret123!;encrypt=true;trustServerCertificate=true;"
                    + "loginTimeout=15;connectRetryCount=0")) {
                assertEquals(1, dev.tdsmock.support.Jdbc.single(connection, "SELECT 1"));
            }
            record = dev.tdsmock.support.Journals.awaitEnded(server, 1).get(0);
        }
        byte[] noise = new byte[4096];
        new java.util.Random(15).nextBytes(noise);
        Path random = java.nio.file.Files.write(dir.resolve("random.bin"), noise);
        Path text = Path.of("src/test/resources/captures/pytds--pytds-require.txt");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status = OfflineDiagnosis.run(List.of(Path.of(record.capture()), random, text),
                new ScenarioLoader(TestServers.SCENARIOS), TestServers.certificates(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, output);
        assertTrue(output.contains(record.capture() + ": 127.0.0.1:" + record.clientPort() + " -> 127.0.0.1:"
                + record.listenerPort() + ": client "), output);
        assertTrue(output.contains("\n  strict-only: fails, "), output);
        assertTrue(output.contains(random + ": cannot be read: ") && output.contains("neither pcap nor pcapng"),
                output);
        assertTrue(output.contains(text + ": text capture: client "), output);
    }

    @Test
    void eachClientGetsItsVerdictsAndAMissingFileIsNamed() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path capture = Path.of("src/test/resources/captures/tedious--all-ted-strict.txt");
        int status = OfflineDiagnosis.run(List.of(capture, Path.of("missing.pcap")),
                new ScenarioLoader(TestServers.SCENARIOS), TestServers.certificates(),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String text = printed.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text);
        assertTrue(text.contains(capture + ": text capture: client "), text);
        assertTrue(text.contains(", TDS 8.0 strict, Tedious, versions=[TLSv1.3, TLSv1.2]"), text);
        assertTrue(text.contains("\n  strict-only: gets in, "), text);
        assertTrue(text.contains("\n  tls12-only: depends, fails if the client's signature_algorithms (which the"
                + " source does not show) leave out what this needs: "), text);
        assertTrue(text.contains("missing.pcap: no such file"), text);
    }
}
