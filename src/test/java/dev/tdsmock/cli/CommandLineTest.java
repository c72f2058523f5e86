package dev.tdsmock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.support.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line in a JVM of its own: --list, and --all serving every scenario on its port. */
@Timeout(120)
class CommandLineTest {
    private static Process tdsMock(Path output, String... args) throws IOException {
        return tdsMock(output, List.of(), args);
    }

    private static Process tdsMock(Path output, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        if (!jvmOptions.contains("-cp")) {
            command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        }
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void listPrintsEveryScenarioWithItsPort(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.txt");
        Process process = tdsMock(output, "--list", "--scenarios", TestServers.SCENARIOS.toString());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), read(output));
        String table = read(output);
        assertTrue(table.startsWith("PORT   SCENARIO"), table);
        assertTrue(table.contains("1433   healthy"), table);
        assertTrue(table.contains("14334  no-common-cipher"), table);
        assertTrue(table.contains("14345  listen-backlog"), table);
    }

    /**
     * With the console configuration the standalone jar carries (not the tests' own): one line for a connection, when it ends;
     * with --verbose, each of its steps too.
     */
    @Test
    void theConsoleGetsOneLinePerConnectionUnlessVerbose(@TempDir Path dir) throws Exception {
        String quiet = oneSession(dir.resolve("quiet.txt"), "console-quiet");
        List<String> lines = quiet.lines().filter(line -> line.contains(" [healthy] ")).toList();
        assertEquals(1, lines.size(), quiet);
        assertTrue(lines.get(0).matches(".* INFO +connection - #1 127\\.0\\.0\\.1:\\d+ \\[healthy] \\(user 'sa', "
                + "TLSv1\\.2 for LOGIN7 only, 1 statement, \\d+ ms\\) closed by the client during logged-in"), lines.get(0));

        String verbose = oneSession(dir.resolve("verbose.txt"), "console-verbose", "--verbose");
        assertTrue(verbose.contains("SQLBatch: SELECT 1") && verbose.contains("logged in: user 'sa'"), verbose);
    }

    /** Serves one mssql-jdbc session (login, SELECT 1, close) and returns the console output. */
    private static String oneSession(Path output, String journal, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--control-port", "-1", "--scenarios", "scenarios",
                "--journal", output.resolveSibling(journal + ".jsonl").toString()));
        args.addAll(List.of(extra));
        // the standalone jar's console configuration, found as that jar finds it: through its service file
        Process process = tdsMock(output, List.of("-cp", "src/standalone" + java.io.File.pathSeparator
                + System.getProperty("java.class.path")), args.toArray(String[]::new));
        try {
            String started = Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> read(output), text -> text.contains("listening on 127.0.0.1:"));
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)")
                    .matcher(started);
            assertTrue(port.find(), started);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + port.group(1)
                    + ";user=sa;password=Secret123!;encrypt=false;loginTimeout=15;connectRetryCount=0")) {
                assertEquals(1, dev.tdsmock.support.Jdbc.single(connection, "SELECT 1"));
            }
            return Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> read(output), text -> text.contains("closed by the client"));
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void badArgumentsAreNamed(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.txt");
        Process process = tdsMock(output, "--scenario", "no-such-scenario", "--scenarios", "scenarios");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(read(output).contains("no scenario 'no-such-scenario'"), read(output));
    }

    @Test
    void allServesEveryScenarioOnItsPortAndJournalsToAFile(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("out.txt");
        Path journal = dir.resolve("journal.jsonl");
        Process process = tdsMock(output, "--all", "--scenarios", TestServers.SCENARIOS.toString(),
                "--certs", TestServers.CERTS.toString(), "--journal", journal.toString(), "--control-port", "0");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> read(output).contains("control API: http"));
            String started = read(output);
            assertTrue(started.contains("14336  dhe-leading-zero"), started);
            int scenarios = new dev.tdsmock.scenario.ScenarioLoader(TestServers.SCENARIOS).names().size();
            assertTrue(started.contains(scenarios + " scenarios"), started);

            try (Connection connection = DriverManager.getConnection(
                    "jdbc:sqlserver://localhost:1433;user=sa;password=x;encrypt=false;loginTimeout=15")) {
                connection.createStatement().execute("SELECT 1");
            }
            SQLException reset = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> DriverManager.getConnection("jdbc:sqlserver://localhost:14334;user=sa;password=x;"
                            + "encrypt=true;trustServerCertificate=true;loginTimeout=15").close());
            assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());

            List<JsonNode> lines = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                List<JsonNode> parsed = new ArrayList<>();
                if (Files.exists(journal)) {
                    for (String line : Files.readAllLines(journal)) {
                        parsed.add(JournalJson.mapper().readTree(line));
                    }
                }
                return parsed;
            }, parsed -> parsed.size() >= 2);
            assertTrue(lines.stream().anyMatch(l -> l.get("scenario").asText().equals("healthy")
                    && l.get("ending").get("kind").asText().equals("CLOSE")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.get("scenario").asText().equals("no-common-cipher")
                    && l.get("ending").get("kind").asText().equals("RST")
                    && l.get("clientHello").get("versions").toString().contains("TLSv1.2")), lines.toString());
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
