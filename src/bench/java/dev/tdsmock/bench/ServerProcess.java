package dev.tdsmock.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** tds-mock started the way users start it, through {@code server/tds-mock}, on free loopback ports. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private final Process process;
    private final int port;
    private final int controlPort;
    private final long startToListeningNanos;

    private ServerProcess(Process process, int port, int controlPort, long startToListeningNanos) {
        this.process = process;
        this.port = port;
        this.controlPort = controlPort;
        this.startToListeningNanos = startToListeningNanos;
    }

    /**
     * Starts {@code server/tds-mock} on the healthy scenario and waits until its TDS port takes a connection.
     *
     * @param work        a directory for its journal and output
     * @param withControl whether to start the control API (on another free port)
     * @param javaOptions TDS_MOCK_JAVA_OPTS, or "" for none
     */
    static ServerProcess start(Path work, boolean withControl, String javaOptions) throws IOException,
            InterruptedException {
        int port = freePort();
        int controlPort = withControl ? freePort() : -1;
        List<String> command = new ArrayList<>(List.of("server/tds-mock", "--port", Integer.toString(port),
                "--control-port", Integer.toString(controlPort),
                "--journal", work.resolve("journal-" + port + ".jsonl").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("server-" + port + ".log").toFile());
        builder.environment().put("TDS_MOCK_JAVA_OPTS", javaOptions);
        long start = System.nanoTime();
        Process process = builder.start();
        awaitAccepting(process, port, 60, "server/tds-mock did not start; see " + work.resolve("server-" + port
                + ".log"));
        return new ServerProcess(process, port, controlPort, System.nanoTime() - start);
    }

    /**
     * Waits until the process takes TCP connections on the loopback port, trying every millisecond: a busy loop
     * would take a core from a starting server on a small machine, and its start figure with it.
     *
     * @throws IllegalStateException with {@code failure} (the process killed) when it dies or the time runs out
     */
    static void awaitAccepting(Process process, int port, int seconds, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(failure);
            }
            Thread.sleep(1);
        }
    }

    /** Whether a TCP connect to the loopback port succeeds within 100 ms. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    int controlPort() {
        return controlPort;
    }

    long startToListeningNanos() {
        return startToListeningNanos;
    }

    /** The CPU time the server's process has used so far (user and system, every thread), in nanoseconds. */
    long cpuNanos() {
        return Processes.cpuNanos(process.toHandle());
    }

    /** The resident set of the JVM (the launcher execs it, so the pid is the JVM's), in bytes, from /proc. */
    long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    /** The heap in use after a full collection (what the live objects take), in bytes, from jcmd. */
    long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info gave no heap figure");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), command).redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }
}
