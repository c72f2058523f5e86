package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Node's tedious, a second-language client, installed from npm into src/test/node. */
@Timeout(300)
class TediousTest {
    private static final Path NODE_PROJECT = Path.of("src/test/node");
    private static TdsServer server;
    private static LogCapture log;

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeTrue(commandWorks("node", "--version"), "node is not installed: tedious test skipped");
        if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/tedious"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 240);
            assertEquals(0, npm.exitCode(), "npm ci failed: " + npm.output());
        }
        log = new LogCapture();
        server = TestServers.start("healthy");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            log.close();
        }
    }

    @ParameterizedTest(name = "encrypt={0}")
    @ValueSource(strings = {"false", "true", "strict"})
    void selectOne(String encrypt) throws Exception {
        String ca = TestServers.certificates().caPem().toAbsolutePath().toString();
        Result tedious = run(List.of("node", "select-one.js", Integer.toString(server.port()), encrypt, ca), 60);
        assertEquals(0, tedious.exitCode(), tedious.output());
        assertTrue(tedious.output().contains("{\"values\":[1]}"), tedious.output());
        log.awaitLine("app='Tedious'");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        File output = File.createTempFile("tds-mock-node", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(NODE_PROJECT.toFile())
                    .redirectErrorStream(true).redirectOutput(output).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + "s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output.toPath());
        }
    }

    private static boolean commandWorks(String... command) {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
