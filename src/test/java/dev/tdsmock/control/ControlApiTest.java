package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every call of the control API, over HTTP, with its token. */
@Timeout(60)
class ControlApiTest {
    private static final String TOKEN = "s3cret-token";
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
        api = ControlApi.start("127.0.0.1", 0, Optional.of(TOKEN), listeners, TestServers.certificates());
    }

    @AfterEach
    void stop() {
        api.close();
        listeners.closeAll();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean withToken)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = call(method, path, body, true);
        assertEquals(200, response.statusCode(), response.body());
        return JournalJson.mapper().readTree(response.body());
    }

    private String url(String options) {
        return "jdbc:sqlserver://localhost:" + healthy.port() + ";user=sa;password=x;loginTimeout=15;" + options;
    }

    @Test
    void healthAndTheCaNeedNoToken() throws Exception {
        HttpResponse<String> health = call("GET", "/health", null, false);
        assertEquals(200, health.statusCode());
        assertEquals("ok", JournalJson.mapper().readTree(health.body()).get("status").asText());
        HttpResponse<String> ca = call("GET", "/ca.pem", null, false);
        assertEquals(200, ca.statusCode());
        assertTrue(ca.body().startsWith("-----BEGIN CERTIFICATE-----"), ca.body());
    }

    @Test
    void everythingElseNeedsTheToken() throws Exception {
        assertEquals(401, call("GET", "/listeners", null, false).statusCode());
        assertEquals(401, call("GET", "/journal", null, false).statusCode());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + "/listeners"))
                .header("Authorization", "Bearer nope").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
    }

    @Test
    void listsScenariosAndListeners() throws Exception {
        JsonNode scenarios = json("GET", "/scenarios", null);
        assertTrue(scenarios.size() >= 19, scenarios.toString());
        JsonNode listenerList = json("GET", "/listeners", null);
        assertEquals(1, listenerList.size());
        assertEquals("healthy", listenerList.get(0).get("scenario").asText());
        assertEquals(healthy.port(), listenerList.get(0).get("port").asInt());
    }

    @Test
    void switchesTheScenarioAtRuntime() throws Exception {
        JsonNode switched = json("PUT", "/listeners/" + healthy.port() + "/scenario", "{\"scenario\": \"no-common-cipher\"}");
        assertEquals("no-common-cipher", switched.get("scenario").asText());
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                url("encrypt=true;trustServerCertificate=true")).close());
        assertTrue(refused.getMessage().contains("Connection reset"), refused.getMessage());
        assertEquals(Ending.Kind.RST, Journals.awaitEnded(healthy, 1).get(0).ending().kind());

        json("PUT", "/listeners/" + healthy.port() + "/scenario", "{\"scenario\": \"healthy\"}");
        try (Connection connection = DriverManager.getConnection(url("encrypt=true;trustServerCertificate=true"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    @Test
    void changedSettingsTakeEffectForNewConnections() throws Exception {
        JsonNode changed = json("PATCH", "/listeners/" + healthy.port() + "/settings", "{\"login.database\": \"orders\"}");
        assertEquals("orders", changed.get("settingsChanged").get("login").get("database").asText());
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            assertEquals("orders", Jdbc.single(connection, "SELECT DB_NAME()"));
        }
    }

    @Test
    void readsFiltersAndClearsTheJournal() throws Exception {
        Instant before = Instant.now();
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        Journals.awaitEnded(healthy, 1);
        JsonNode all = json("GET", "/journal", null);
        assertEquals(1, all.size());
        JsonNode record = all.get(0);
        assertEquals("healthy", record.get("scenario").asText());
        assertEquals("sa", record.get("login").get("user").asText());
        assertTrue(record.get("statements").toString().contains("SELECT 1"));
        assertEquals("CLOSE", record.get("ending").get("kind").asText());
        assertEquals("CLIENT", record.get("ending").get("by").asText());
        assertTrue(!record.toString().contains("password") && !record.toString().contains("\"x\""),
                "no password in the journal");

        assertEquals(1, json("GET", "/journal?client=127.0.0.1&since=" + before, null).size());
        assertEquals(0, json("GET", "/journal?client=10.9.9.9", null).size());
        assertEquals(0, json("GET", "/journal?since=" + Instant.now().plusSeconds(60), null).size());
        assertEquals(1, json("GET", "/counters", null).get(0).get("churn").get(0).get("opened").asInt());

        assertEquals(1, json("DELETE", "/journal", null).get("cleared").asInt());
        assertEquals(0, json("GET", "/journal", null).size());
    }

    @Test
    void badCallsGetClearAnswers() throws Exception {
        assertEquals(404, call("GET", "/nothing-here", null, true).statusCode());
        HttpResponse<String> noListener = call("GET", "/listeners/1", null, true);
        assertEquals(404, noListener.statusCode());
        assertTrue(noListener.body().contains("no listener on port 1"), noListener.body());
        assertEquals(405, call("DELETE", "/health", null, true).statusCode());
        HttpResponse<String> badJson = call("PUT", "/listeners/" + healthy.port() + "/scenario", "{nope", true);
        assertEquals(400, badJson.statusCode());
        HttpResponse<String> unknown = call("PUT", "/listeners/" + healthy.port() + "/scenario",
                "{\"scenario\": \"no-such\"}", true);
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("no scenario 'no-such'"), unknown.body());
        HttpResponse<String> badSetting = call("PATCH", "/listeners/" + healthy.port() + "/settings",
                "{\"tls.protocol\": \"x\"}", true);
        assertEquals(400, badSetting.statusCode());
        assertTrue(badSetting.body().contains("unknown setting 'tls.protocol'"), badSetting.body());
        assertEquals(200, call("GET", "/health", null, false).statusCode(), "still serving");
    }

    @Test
    void beyondLoopbackItNeedsAToken() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ControlApi.start("0.0.0.0", 0, Optional.empty(), listeners, TestServers.certificates()));
        assertTrue(refused.getMessage().contains("give it a token"), refused.getMessage());
    }
}
