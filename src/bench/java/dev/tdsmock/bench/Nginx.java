package dev.tdsmock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The reference: nginx (Debian's package) terminating TLS 1.2 with tds-mock's own certificate and key
 * (certs/server.pem), without a session cache or tickets, so that each handshake is a full one; as many worker
 * processes as cores, as tds-mock has I/O threads.
 */
final class Nginx implements AutoCloseable {
    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The nginx binary on the PATH or in /usr/sbin, if there is one. */
    static Optional<Path> binary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(Path.of(candidate));
            }
        }
        return Optional.empty();
    }

    static Nginx start(Path binary, Path certs, Path work) throws IOException, InterruptedException {
        Path prefix = Files.createDirectories(work.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        // the worker processes may run as another user: give them copies they can read
        Path certificate = copyReadable(certs.resolve("server.pem"), prefix.resolve("server.pem"));
        Path key = copyReadable(certs.resolve("server.key.pem"), prefix.resolve("server.key.pem"));
        int port = ServerProcess.freePort();
        String config = """
                worker_processes %d;
                pid %s;
                error_log %s warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    server {
                        listen 127.0.0.1:%d ssl;
                        ssl_certificate %s;
                        ssl_certificate_key %s;
                        ssl_protocols TLSv1.2;
                        ssl_session_cache off;
                        ssl_session_tickets off;
                        return 204;
                    }
                }
                """.formatted(Runtime.getRuntime().availableProcessors(), prefix.resolve("nginx.pid"),
                prefix.resolve("logs/error.log"), port, certificate, key);
        Path file = Files.writeString(prefix.resolve("nginx.conf"), config);
        Process process = new ProcessBuilder(binary.toString(), "-p", prefix.toString(), "-c", file.toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("output.log").toFile())
                .start();
        ServerProcess.awaitAccepting(process, port, 30, "nginx did not start; see " + prefix.resolve("output.log")
                + " and " + prefix.resolve("logs/error.log"));
        return new Nginx(process, port);
    }

    private static Path copyReadable(Path from, Path to) throws IOException {
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        return to;
    }

    int port() {
        return port;
    }

    /** The CPU time nginx's master and worker processes have used so far, in nanoseconds. */
    long cpuNanos() {
        return Processes.cpuNanos(process.toHandle());
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }
}
