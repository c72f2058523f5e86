package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tdsmock.control.ControlApi;
import dev.tdsmock.control.Listeners;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.PacketType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The control API's JSON: mutated bodies (bytes flipped, cut, spliced; values and keys swapped for awkward ones;
 * nesting thousands deep) for PATCH settings, POST faults and PUT scenario. Every answer is a 2xx or a 4xx, never a
 * 5xx or a dropped connection, and the listener still answers a PRELOGIN afterwards.
 */
@Timeout(180)
class ControlApiFuzzTest {
    private static final List<String> SETTINGS = List.of(
            "{\"limits.idle-timeout\": \"10s\"}",
            "{\"limits.max-message-bytes\": 32767, \"prelogin.version\": \"16.0.1000.6\"}",
            "{\"login.database\": \"orders\"}",
            "{\"churn.client-ports\": 3, \"churn.exhaust\": \"refuse\"}",
            "{\"listener.accept.backlog\": 50, \"listener.accept.cost\": \"0ms\"}",
            "{\"limits\": {\"journal-statement-chars\": 100}}");
    private static final List<String> FAULTS = List.of(
            "{\"type\": \"close\", \"at\": \"login\", \"ending\": \"rst\", \"times\": 1}",
            "{\"type\": \"delay\", \"at\": \"prelogin\", \"for\": \"1ms\"}",
            "{\"type\": \"login-error\", \"number\": 4060}",
            "{\"type\": \"gate\", \"at\": \"prelogin\"}",
            "{\"type\": \"close\", \"at\": \"login\", \"match\": {\"application\": \"payments.*\"}}",
            "{\"type\": \"close\", \"at\": \"request\", \"skip\": 1, \"probability\": 0.5, \"seed\": 3}");
    private static final List<String> SCENARIOS = List.of(
            "{\"scenario\": \"healthy\"}", "{\"scenario\": \"slow-login\"}", "{\"scenario\": \"tls12-only\"}");
    private static final List<String> AWKWARD_VALUES = List.of("null", "true", "-1", "0", "1e400", "-0.0",
            "12345678901234567890123", "-9223372036854775809", "\"\"", "\"\\u0000\"", "\"../../pom.xml\"",
            "\"" + "x".repeat(20_000) + "\"", "[]", "{}", "[1, \"a\", null]", "{\"a\": {\"b\": []}}",
            "\"${?HOME}\"", "\"include file(\\\"pom.xml\\\")\"", "NaN", "\"\\ud800\"", "\"1 TiB\"", "\"-1s\"",
            "\"9999999999999999999 days\"");
    private static final List<String> AWKWARD_KEYS = List.of("", "a..b", ".", "faults", "faults.0", "listener.port",
            "listener", "limits", "limits.idle-timeout.x", "tls", "prelogin.version", "\\u0000", "scenario",
            "type", "at", "${x}", "a\"b", "x".repeat(5000));

    private static final Path REGRESSIONS = Path.of("src/test/resources/fuzz-regressions/control");

    private static TdsServer healthy;
    private static Listeners listeners;
    private static ControlApi api;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
        listeners = new Listeners(loader);
        healthy = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(healthy, "healthy");
        api = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, TestServers.certificates());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (listeners != null) {
            listeners.closeAll();
        }
    }

    @Test
    void settingsAnswer2xxOr4x() throws Exception {
        fuzz("PATCH", "settings", SETTINGS);
    }

    @Test
    void faultsAnswer2xxOr4xx() throws Exception {
        fuzz("POST", "faults", FAULTS);
    }

    @Test
    void scenariosAnswer2xxOr4xx() throws Exception {
        fuzz("PUT", "scenario", SCENARIOS);
    }

    private void fuzz(String method, String call, List<String> seeds) throws Exception {
        String path = "/listeners/" + healthy.port() + "/" + call;
        List<byte[]> seedBytes = seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        Random random = Fuzz.random("control API " + call);
        int tries = Math.max(1, Fuzz.tries() / 2);
        int[] answered = new int[6];
        for (int i = 0; i < tries; i++) {
            byte[] body = random.nextBoolean()
                    ? structural(seeds.get(random.nextInt(seeds.size())), random).getBytes(StandardCharsets.UTF_8)
                    : Mutator.apply(seedBytes.get(random.nextInt(seedBytes.size())), seedBytes,
                            Mutator.edits(random));
            int status = send(method, path, body);
            answered[status / 100]++;
            if (status >= 500 || status < 200 || status / 100 == 3) {
                fail(method + " " + path + ", try " + i + " (seed " + Fuzz.seed() + ") with " + shown(body)
                        + " answered " + status + "; saved as " + save(call, body));
            }
            if (i % 50 == 49) {
                servesPreLogin();
            }
        }
        servesPreLogin();
        assertEquals(tries, answered[2] + answered[4]);
        assertTrue(answered[4] > 0, "some bodies are refused");
    }

    /**
     * The regression corpus, {@code src/test/resources/fuzz-regressions/control/<call>-*.json}: bodies that once
     * got a 5xx or no answer, each refused now with a 4xx.
     */
    @Test
    void regressionBodiesAreRefused() throws Exception {
        List<Path> files;
        try (Stream<Path> listed = Files.list(REGRESSIONS)) {
            files = listed.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no regression bodies in " + REGRESSIONS);
        for (Path file : files) {
            String name = file.getFileName().toString();
            String call = name.substring(0, name.indexOf('-'));
            String method = switch (call) {
                case "settings" -> "PATCH";
                case "faults" -> "POST";
                case "scenario" -> "PUT";
                default -> throw new IllegalArgumentException(name + " names no call: settings-, faults-, scenario-");
            };
            int status = send(method, "/listeners/" + healthy.port() + "/" + call, Files.readAllBytes(file));
            assertEquals(4, status / 100, name + " answered " + status);
        }
        servesPreLogin();
    }

    /** A body that failed, where a regression input is made from (target/fuzz-failures/control/CALL-*.json). */
    private static Path save(String call, byte[] body) throws IOException {
        Path dir = Path.of(System.getProperty("tdsmock.fuzz.failures", "target/fuzz-failures"), "control");
        Files.createDirectories(dir);
        Path file = dir.resolve(call + "-" + Integer.toHexString(java.util.Arrays.hashCode(body)) + ".json");
        Files.write(file, body);
        return file;
    }

    private static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + body.length + " bytes)";
    }

    /** A seed with a value or key swapped for an awkward one, nested deep, or doubled. */
    private static String structural(String seed, Random random) {
        String value = AWKWARD_VALUES.get(random.nextInt(AWKWARD_VALUES.size()));
        String key = AWKWARD_KEYS.get(random.nextInt(AWKWARD_KEYS.size()));
        return switch (random.nextInt(6)) {
            case 0 -> seed.replaceFirst(":\\s*(\"[^\"]*\"|[-\\w.]+|\\{[^}]*})", ": " + java.util.regex.Matcher
                    .quoteReplacement(value));
            case 1 -> seed.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement(
                    "{\"" + key + "\": " + value + ", "));
            case 2 -> {
                int depth = 1 + random.nextInt(5000);
                yield seed.replaceFirst(":\\s*", ": " + "[".repeat(depth) + "1" + "]".repeat(depth) + ", \"x\": ");
            }
            case 3 -> "{".repeat(1 + random.nextInt(3000)) + seed;
            case 4 -> seed + seed;
            default -> value;
        };
    }

    private static int send(String method, String path, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException dropped) {
            fail(method + " " + path + " with " + shown(body) + " got no answer: " + dropped, dropped);
            throw new AssertionError(dropped);
        }
    }

    /** Back to healthy without faults (what a fuzzed call may have changed), then a raw PRELOGIN is answered. */
    private static void servesPreLogin() throws Exception {
        assertEquals(200, send("PUT", "/listeners/" + healthy.port() + "/scenario",
                "{\"scenario\": \"healthy\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, send("DELETE", "/listeners/" + healthy.port() + "/faults", new byte[0]));
        try (RawClient client = new RawClient(healthy.port())) {
            byte[] answer = client.send(Packets.preLogin(0x02)).readPacket();
            assertEquals(PacketType.TABULAR_RESULT, answer[0]);
        }
    }
}
