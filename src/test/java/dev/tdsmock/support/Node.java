package dev.tdsmock.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Node.js scripts in src/test/node, with tedious installed from npm on first use. */
public final class Node {
    public static final Path PROJECT = Path.of("src/test/node");

    /** What a script printed (stdout and stderr) and how it exited; -1 when it ran out of time. */
    public record Result(int exitCode, String output) {
    }

    private Node() {
    }

    /** Skips the calling test when there is no node; installs tedious when it is missing. */
    public static void requireTedious() throws IOException, InterruptedException {
        Assumptions.assumeTrue(commandWorks("node", "--version"), "node is not installed: tedious test skipped");
        if (!Files.isDirectory(PROJECT.resolve("node_modules/tedious"))) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 240);
            assertEquals(0, npm.exitCode(), "npm ci failed: " + npm.output());
        }
    }

    public static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        File output = File.createTempFile("tds-mock-node", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(PROJECT.toFile())
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
