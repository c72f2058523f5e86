package dev.tdsmock.bench;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The speed figures of issue 12, measured on this machine and printed as a table. Run from the project's root
 * (src/bench/run does it): it starts tds-mock through server/tds-mock and nginx as child processes on free loopback
 * ports, and drives them from one JVM with {@link BenchClient}.
 */
public final class Bench {
    private static final int CONCURRENCY = 8;
    private static final Path CERTS = Path.of("certs");
    private final Options options;
    private final Path work;
    private final List<String[]> rows = new ArrayList<>();

    private Bench(Options options, Path work) {
        this.options = options;
        this.work = work;
    }

    /** Command-line settings; --quick makes every figure smaller, for checking the harness itself. */
    record Options(int cycles, int rounds, int roundSeconds, int warmUpSeconds, int idleConnections,
                   int delayClients, boolean quick, Set<String> only, Path profile) {
        /** The figures, by the names --only takes. */
        static final List<String> FIGURES = List.of("ratio", "cycles", "idle", "delay", "start", "embedded", "image");

        boolean wants(String figure) {
            return only.isEmpty() || only.contains(figure);
        }

        static Options parse(String[] args) {
            boolean quick = Arrays.asList(args).contains("--quick");
            int cycles = quick ? 2_000 : 20_000;
            int rounds = quick ? 2 : 5;
            int roundSeconds = quick ? 2 : 5;
            // the JIT of a fresh server keeps compiling through its first 20,000 or so connections
            int warmUp = quick ? 2 : 30;
            int idle = quick ? 1_000 : 10_000;
            int delayClients = 100;
            Set<String> only = Set.of();
            Path profile = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> { }
                    case "--cycles" -> cycles = Integer.parseInt(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--round-seconds" -> roundSeconds = Integer.parseInt(args[++i]);
                    case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                    case "--idle" -> idle = Integer.parseInt(args[++i]);
                    case "--profile" -> profile = Path.of(args[++i]).toAbsolutePath();
                    case "--only" -> {
                        only = Set.of(args[++i].split(","));
                        if (!FIGURES.containsAll(only)) {
                            throw new IllegalArgumentException("--only takes some of " + String.join(",", FIGURES));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --quick,"
                            + " --cycles N, --rounds N, --round-seconds N, --warm-up SECONDS, --idle N, --only " + String.join(",", FIGURES)
                            + ", --profile DIR");
                }
            }
            return new Options(cycles, rounds, roundSeconds, warmUp, idle, delayClients, quick, only, profile);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path work = Files.createTempDirectory("tds-mock-bench");
        System.out.printf("tds-mock benchmark: %d cores, %s, work files in %s (removed at the end)%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), work);
        try {
            new Bench(options, work).run();
        } finally {
            deleteRecursively(work);
        }
    }

    /** The work folder goes when the run ends: journals, logs and nginx's files, about 10 MB. */
    private static void deleteRecursively(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void run() throws Exception {
        // one client thread per core: with one, the client is the bottleneck of plain TDS connects
        try (BenchClient client = new BenchClient(Runtime.getRuntime().availableProcessors())) {
            if (options.wants("ratio")) {
                handshakeRatio(client);
            }
            if (options.wants("cycles")) {
                cycles(client);
            }
            if (options.wants("idle")) {
                idleConnections(client);
            }
            if (options.wants("delay")) {
                delayPrecision(client);
            }
        }
        if (options.wants("start")) {
            processStart();
        }
        if (options.wants("embedded")) {
            embeddedStart();
        }
        if (options.wants("image")) {
            imageSize();
        }
        print();
    }

    /**
     * A server for a figure, recording a JFR profile into --profile's folder when one is given (the start figure's
     * servers never do: recording slows a start).
     */
    private ServerProcess server(boolean withControl, String javaOptions) throws IOException, InterruptedException {
        String options = javaOptions;
        if (this.options.profile() != null) {
            Files.createDirectories(this.options.profile());
            options = (options + " -XX:StartFlightRecording=settings=profile,filename="
                    + this.options.profile().resolve("server-" + System.nanoTime() + ".jfr")).strip();
        }
        return ServerProcess.start(work, withControl, options);
    }

    /**
     * Full TDS connects with TLS against nginx's bare TLS handshakes, in interleaved rounds; and against bare
     * handshakes on Netty with BoringSSL, which tells what tds-mock adds from what its TLS library costs.
     */
    private void handshakeRatio(BenchClient client) throws Exception {
        Optional<Path> nginxBinary = Nginx.binary();
        try (ServerProcess server = server(false, "");
             BareTlsServer bare = BareTlsServer.start(CERTS, work)) {
            List<Contender> contenders = new ArrayList<>(List.of(
                    new Contender("tds-mock", server::cpuNanos,
                            () -> client.tds(server.port(), true, TdsConnect.Ending.CLOSE)),
                    new Contender("Netty + BoringSSL", bare::cpuNanos, () -> client.bareTls(bare.port()))));
            Nginx nginx = nginxBinary.isPresent() ? Nginx.start(nginxBinary.get(), CERTS, work) : null;
            try {
                if (nginx != null) {
                    contenders.add(new Contender("nginx", nginx::cpuNanos, () -> client.bareTls(nginx.port())));
                }
                for (Contender contender : contenders) {
                    // each server until its JIT is done, and the client
                    Load.run(CONCURRENCY, Long.MAX_VALUE, Duration.ofSeconds(options.warmUpSeconds()),
                            contender.connection());
                }
                for (int round = 0; round < options.rounds(); round++) {
                    for (int turn = 0; turn < contenders.size(); turn++) {
                        contenders.get((round + turn) % contenders.size()).measure(round);
                    }
                }
            } finally {
                if (nginx != null) {
                    nginx.close();
                }
            }
            Contender ours = contenders.get(0);
            String rounds = options.rounds() + " interleaved rounds of " + options.roundSeconds() + " s after "
                    + options.warmUpSeconds() + " s of warm-up";
            if (nginx == null) {
                row("full healthy connects per second (TLS 1.2 in PRELOGIN, LOGIN7, close) ÷ nginx's bare TLS 1.2"
                        + " handshakes per second", "nginx not installed", "≥ 1.0");
            } else {
                row("full healthy connects per second (TLS 1.2 in PRELOGIN, LOGIN7, close) ÷ nginx's bare TLS 1.2"
                        + " handshakes per second, " + rounds, ours.against(contenders.get(2)), "≥ 1.0");
            }
            row("the same ÷ bare TLS 1.2 handshakes on Netty with BoringSSL (tds-mock's TLS engine and threads), "
                    + rounds, ours.against(contenders.get(1)), "");
        }
    }

    /** A server under the ratio's load: its rate and CPU time per connection, round by round. */
    private final class Contender {
        private final String name;
        private final java.util.function.LongSupplier cpuNanos;
        private final java.util.function.Supplier<CompletableFuture<Long>> connection;
        private final double[] perSecond = new double[options.rounds()];
        private final double[] cpuMillisEach = new double[options.rounds()];

        Contender(String name, java.util.function.LongSupplier cpuNanos,
                  java.util.function.Supplier<CompletableFuture<Long>> connection) {
            this.name = name;
            this.cpuNanos = cpuNanos;
            this.connection = connection;
        }

        java.util.function.Supplier<CompletableFuture<Long>> connection() {
            return connection;
        }

        void measure(int round) throws InterruptedException {
            long before = cpuNanos.getAsLong();
            Load.Result load = timed(connection);
            long used = cpuNanos.getAsLong() - before;
            requireNoFailures(name, load);
            perSecond[round] = load.perSecond();
            cpuMillisEach[round] = used / 1e6 / Math.max(1, load.succeeded());
        }

        /** The ratio of the rates round by round (median, spread), the rates, and the CPU per connection. */
        String against(Contender other) {
            double[] ratios = new double[perSecond.length];
            for (int round = 0; round < ratios.length; round++) {
                ratios[round] = perSecond[round] / other.perSecond[round];
            }
            return String.format(Locale.ROOT, "%.2f (%.2f to %.2f): %.0f to %.0f/s against %.0f to %.0f/s;"
                            + " server CPU per connection %.2f ms against %.2f ms (medians)", median(ratios),
                    min(ratios), max(ratios), min(perSecond), max(perSecond), min(other.perSecond),
                    max(other.perSecond), median(cpuMillisEach), median(other.cpuMillisEach));
        }
    }

    private Load.Result timed(java.util.function.Supplier<CompletableFuture<Long>> connection)
            throws InterruptedException {
        return Load.run(CONCURRENCY, Long.MAX_VALUE, Duration.ofSeconds(options.roundSeconds()), connection);
    }

    /** Non-pooled connect, login, SELECT 1, close cycles, without and with TLS, and without console logging. */
    private void cycles(BenchClient client) throws Exception {
        try (ServerProcess server = server(false, "")) {
            cyclesRow(client, server, false, "");
            cyclesRow(client, server, true, "");
        }
        Path quiet = Files.writeString(work.resolve("logback-warn.xml"), """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """);
        try (ServerProcess server = server(false, "-Dlogback.configurationFile=" + quiet)) {
            cyclesRow(client, server, false, ", console at WARN");
        }
    }

    private void cyclesRow(BenchClient client, ServerProcess server, boolean tls, String note) throws Exception {
        Load.run(CONCURRENCY, options.cycles() / 10, Duration.ofMinutes(5),
                () -> client.tds(server.port(), tls, TdsConnect.Ending.QUERY_THEN_CLOSE)); // warm-up
        Load.Result result = Load.run(CONCURRENCY, options.cycles(), Duration.ofMinutes(10),
                () -> client.tds(server.port(), tls, TdsConnect.Ending.QUERY_THEN_CLOSE));
        requireNoFailures("cycles", result);
        String goal = tls ? "< 20 s" : "< 10 s";
        if (options.cycles() != 20_000) {
            goal = "(for 20,000) " + goal;
        }
        row(String.format(Locale.ROOT, "%,d non-pooled connect, login, SELECT 1, close cycles, %d at a time, %s%s",
                        options.cycles(), CONCURRENCY, tls ? "TLS" : "no TLS", note),
                String.format(Locale.ROOT, "%.1f s (%.0f/s)", result.seconds(), result.perSecond()), note.isEmpty()
                        ? goal : "");
    }

    /** Logged-in connections held open at once: the server's memory while they idle. */
    private void idleConnections(BenchClient client) throws Exception {
        try (ServerProcess server = server(false, "")) {
            long rssBefore = server.residentBytes();
            List<io.netty.channel.Channel> open = new ArrayList<>();
            Load.Result opened = Load.run(64, options.idleConnections(), Duration.ofMinutes(5), () -> {
                BenchClient.Connect connect = client.tdsOpen(server.port(), false, TdsConnect.Ending.STAY_OPEN);
                synchronized (open) {
                    open.add(connect.channel());
                }
                return connect.loginTime();
            });
            requireNoFailures("idle connections", opened);
            long rss = server.residentBytes();
            long heap = server.liveHeapBytes();
            long rssAfterGc = server.residentBytes();
            boolean allOpen = open.stream().allMatch(io.netty.channel.Channel::isActive);
            for (io.netty.channel.Channel channel : open) {
                channel.close();
            }
            row(String.format(Locale.ROOT, "%,d concurrent idle connections (logged in, no TLS)",
                            options.idleConnections()),
                    String.format(Locale.ROOT, "%s; RSS %d MB (%d MB before they opened, %d MB after a full GC);"
                            + " live heap %d MB", allOpen ? "held" : "NOT all held", rss >> 20, rssBefore >> 20,
                            rssAfterGc >> 20, heap >> 20),
                    "held, RSS < 256 MB");
        }
    }

    /** A 100 ms delay fault at login under 100 concurrent clients: how much later than 100 ms logins end. */
    private void delayPrecision(BenchClient client) throws Exception {
        try (ServerProcess server = server(true, "")) {
            int logins = options.quick() ? 1_000 : 5_000;
            // each client waits 0 to 200 ms before each login, so that they arrive spread out, as a test suite's
            // clients do, rather than in step
            Random pauses = new Random(12);
            Executor paused = command -> CompletableFuture.delayedExecutor(pauses.nextInt(200), TimeUnit.MILLISECONDS)
                    .execute(command);
            java.util.function.Supplier<CompletableFuture<Long>> login = () -> CompletableFuture
                    .supplyAsync(() -> null, paused)
                    .thenCompose(ignored -> client.tds(server.port(), false, TdsConnect.Ending.CLOSE));
            Load.run(options.delayClients(), logins / 5, Duration.ofMinutes(5), login); // warm-up
            Load.Result baseline = Load.run(options.delayClients(), logins, Duration.ofMinutes(5), login);
            String fault = control(server, "POST", "/listeners/" + server.port() + "/faults",
                    "{\"type\": \"delay\", \"at\": \"login\", \"for\": \"100ms\"}");
            Load.Result delayed = Load.run(options.delayClients(), logins, Duration.ofMinutes(5), login);
            control(server, "DELETE", "/listeners/" + server.port() + "/faults", null);
            requireNoFailures("baseline logins", baseline);
            requireNoFailures("delayed logins (" + fault + ")", delayed);
            long[] errors = Arrays.stream(delayed.figures()).map(n -> n - TimeUnit.MILLISECONDS.toNanos(100))
                    .toArray();
            Load.Result error = new Load.Result(errors.length, 0, delayed.elapsedNanos(), null, errors);
            row(String.format(Locale.ROOT, "a 100 ms delay at login under %d concurrent clients (each pausing 0 to"
                            + " 200 ms between logins): login time − 100 ms (%,d logins)", options.delayClients(), logins),
                    String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms (without the delay: p50 %.1f ms, p99 %.1f ms)",
                            error.quantileMillis(0.5), error.quantileMillis(0.99), baseline.quantileMillis(0.5),
                            baseline.quantileMillis(0.99)), "p99 < 5 ms");
        }
    }

    private static String control(ServerProcess server, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.controlPort()
                + path)).timeout(Duration.ofSeconds(10));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " -> " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    /** server/tds-mock started to its TDS port taking a connection, the jar already built. */
    private void processStart() throws Exception {
        int runs = options.quick() ? 3 : 5;
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) {
            try (ServerProcess server = ServerProcess.start(work, false, "")) {
                seconds[i] = server.startToListeningNanos() / 1e9;
            }
        }
        row("server/tds-mock process start to listening (median of " + runs + ")",
                String.format(Locale.ROOT, "%.2f s (%.2f to %.2f)", median(seconds), min(seconds), max(seconds)),
                "< 0.5 s");
    }

    /**
     * In this (warm) JVM, as the JUnit extension starts a server: the scenario read, the certificates opened, the
     * listener started, then a client's PRELOGIN answered.
     */
    private void embeddedStart() throws Exception {
        int warmUp = 5;
        int runs = 20;
        double[] millis = new double[runs];
        for (int i = 0; i < warmUp + runs; i++) {
            long start = System.nanoTime();
            Scenario scenario = new ScenarioLoader(Path.of("scenarios")).load("healthy").withListener("127.0.0.1", 0);
            try (TdsServerHandle server = new TdsServerHandle(TdsServer.start(scenario, CertificateStore.open(CERTS)))) {
                preLoginAnswered(server.server().port());
                if (i >= warmUp) {
                    millis[i - warmUp] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        row("embedded start (warm JVM: scenario read, certificates opened, listener started) to the first PRELOGIN"
                + " answered (median of " + runs + ")", String.format(Locale.ROOT, "%.1f ms (%.1f to %.1f)",
                median(millis), min(millis), max(millis)), "< 50 ms");
    }

    private record TdsServerHandle(TdsServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    private static void preLoginAnswered(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(ClientMessages.PRELOGIN_PLAIN);
            out.flush();
            InputStream in = socket.getInputStream();
            if (in.readNBytes(8).length != 8) {
                throw new IOException("no PRELOGIN answer");
            }
        }
    }

    /** The container image's size, when podman has it (docker/check.sh builds it). */
    private void imageSize() throws InterruptedException {
        String size;
        try {
            Process podman = new ProcessBuilder("podman", "image", "inspect", "--format", "{{.Size}}",
                    "localhost/tds-mock:latest").redirectErrorStream(true).start();
            String output = new String(podman.getInputStream().readAllBytes()).strip();
            size = podman.waitFor(30, TimeUnit.SECONDS) && podman.exitValue() == 0
                    ? (Long.parseLong(output) >> 20) + " MB" : "no image localhost/tds-mock:latest (docker/check.sh builds it)";
        } catch (IOException | NumberFormatException e) {
            size = "podman not available";
        }
        row("container image", size, "< 200 MB");
    }

    private static void requireNoFailures(String what, Load.Result result) {
        if (result.failed() > 0) {
            throw new IllegalStateException(what + ": " + result.failed() + " of " + (result.failed()
                    + result.succeeded()) + " failed; the first: " + result.firstFailure());
        }
    }

    private void row(String figure, String measured, String goal) {
        rows.add(new String[] {figure, measured, goal});
        System.out.printf("%s: %s%n", figure, measured);
    }

    private void print() {
        System.out.println();
        System.out.println("| figure | measured | goal |");
        System.out.println("|---|---|---|");
        for (String[] row : rows) {
            System.out.printf("| %s | %s | %s |%n", row[0], row[1], row[2]);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
