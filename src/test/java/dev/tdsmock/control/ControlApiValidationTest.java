package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad bodies get a 400 with a JSON error, name no file outside the scenarios, and change nothing. */
@Timeout(60)
class ControlApiValidationTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private Listeners listeners;
    private ControlApi api;
    private TdsServer healthy;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        healthy = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(healthy, "healthy");
        api = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, TestServers.certificates());
    }

    @AfterEach
    void stop() {
        api.close();
        listeners.closeAll();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String error(int status, String method, String path, String body) throws Exception {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(status, response.statusCode(), body + " -> " + response.body());
        JsonNode json = JournalJson.mapper().readTree(response.body());
        assertFalse(response.body().contains("\tat ") || response.body().contains("Exception"), response.body());
        return json.get("error").asText();
    }

    private void unchanged() throws Exception {
        HttpResponse<String> listener = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/listeners/" + healthy.port())).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JournalJson.mapper().readTree(listener.body());
        assertEquals("healthy", json.get("scenario").asText());
        assertEquals(0, json.get("settingsChanged").size(), listener.body());
        assertEquals(4 * 1024 * 1024, healthy.scenario().limits().maxMessageBytes());
    }

    @Test
    void anUnknownQueryParameterIsA400AndClearsNothing() throws Exception {
        try (dev.tdsmock.support.RawClient client = new dev.tdsmock.support.RawClient(healthy.port())) {
            client.send(dev.tdsmock.support.Packets.preLogin(dev.tdsmock.wire.Encryption.NOT_SUP)).readPacket();
        }
        dev.tdsmock.support.Journals.awaitEnded(healthy, 1);
        assertEquals("unknown query parameter 'prot': this call takes client, port, since",
                error(400, "DELETE", "/journal?prot=" + healthy.port(), ""));
        assertEquals(1, healthy.journal().records().size(), "a mistyped filter clears nothing");
        assertEquals("unknown query parameter 'foo': this call takes client, port, since",
                error(400, "GET", "/journal?foo=1", ""));
        String fault = JournalJson.mapper().readTree(call("POST", "/listeners/" + healthy.port() + "/faults",
                "{\"type\": \"delay\", \"at\": \"login\", \"for\": \"1s\"}").body()).get("id").asText();
        assertEquals("unknown query parameter 'atleast': this call takes atLeast, timeout",
                error(400, "GET", "/listeners/" + healthy.port() + "/faults/" + fault + "/fired?atleast=5", ""));
        assertEquals("unknown query parameter 'verbose': this call takes none",
                error(400, "GET", "/listeners?verbose=1", ""));
    }

    @Test
    void aScenarioIsANameNeverAPath(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.conf");
        Files.writeString(secret, "name = \"top-secret-content\"\n");
        String scenario = "/listeners/" + healthy.port() + "/scenario";
        for (String path : new String[] {secret.toString(), "/etc/hostname", "../scenarios/healthy",
            "healthy.conf", dir.resolve("missing.conf").toString()}) {
            String message = error(400, "PUT", scenario, "{\"scenario\": \"" + path + "\"}");
            assertEquals("'" + path + "' is not a scenario name: letters, digits, '-' and '_' (GET /scenarios lists"
                    + " them)", message, "the same words whatever exists");
        }
        String unknown = error(400, "PUT", scenario, "{\"scenario\": \"secret\"}");
        assertTrue(unknown.startsWith("no scenario 'secret'"), unknown);
        assertFalse(unknown.contains("top-secret-content"));
        unchanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[1]", "\"text\"", "{}", "{\"\": 1}", "{\"a..b\": 1}",
        "{\"limits.max-message-bytes\": \"1 KiB\"}", "{\"prelogin.version\": \"99999.1.1.1\"}",
        "{\"prelogin.version\": \"16.0.70000.0\"}", "{\"prelogin.version\": \"x.0.0.0\"}",
        "{\"login.program-version\": \"300.0.1\"}", "{\"limits.idle-timeout\": \"-1s\"}",
        "{\"limits.journal-statement-chars\": 0}", "{\"limits.max-message-bytes\": null}",
        "{\"limits.max-message-bytes\": 1e30}", "{\"limits.max-buffered-bytes-per-listener\": \"1 TiB\", \"limits.max-message-bytes\": \"1 TiB\"}"})
    void badSettingsAreA400AndChangeNothing(String body) throws Exception {
        String message = error(400, "PATCH", "/listeners/" + healthy.port() + "/settings", body);
        assertFalse(message.isBlank());
        unchanged();
    }

    @Test
    void aBodyOverTheLimitGetsAJsonError() throws Exception {
        String big = "{\"type\": \"delay\", \"at\": \"login\", \"for\": \"1s\", \"pad\": \"" + "x".repeat(70_000) + "\"}";
        assertEquals("the body is larger than 65536 bytes",
                error(413, "POST", "/listeners/" + healthy.port() + "/faults", big));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"abc", "0", "70000", "-1"})
    void aJournalFilterOnAPortThatIsNoPortIsRefused(String port) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/journal?port=" + port)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("port '" + port + "' is not a port number (1 to 65535)",
                JournalJson.mapper().readTree(response.body()).get("error").asText());
    }

    @Test
    void theSmallestMessageLimitIsOneWholePacket() throws Exception {
        String message = error(400, "PATCH", "/listeners/" + healthy.port() + "/settings",
                "{\"limits.max-message-bytes\": 32766}");
        assertTrue(message.contains("less than one whole packet (32767 bytes)"), message);
        HttpResponse<String> smallest = call("PATCH", "/listeners/" + healthy.port() + "/settings",
                "{\"limits.max-message-bytes\": 32767, \"prelogin.version\": \"255.255.65535.65535\"}");
        assertEquals(200, smallest.statusCode(), smallest.body());
        assertEquals(32767, healthy.scenario().limits().maxMessageBytes());
    }

    @Test
    void aBadScenarioBodyIsA400() throws Exception {
        String scenario = "/listeners/" + healthy.port() + "/scenario";
        assertTrue(error(400, "PUT", scenario, "null").contains("JSON object"));
        assertTrue(error(400, "PUT", scenario, "{\"scenario\": 1}").contains("{\"scenario\": \"NAME\"}"));
        assertTrue(error(400, "PUT", scenario, "{nope").startsWith("not JSON"));
        assertEquals("the body must be a JSON object: {\"name\": value, ...}", error(400, "PUT", scenario, "[1, 2]"));
        assertEquals("a fault is a JSON object such as {\"type\": \"delay\", \"at\": \"login\", \"for\": \"5s\"}",
                error(400, "POST", "/listeners/" + healthy.port() + "/faults", "\"close\""));
        unchanged();
    }
}
