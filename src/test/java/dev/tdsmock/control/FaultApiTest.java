package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.ConnectionRecord;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The control API's fault calls, over HTTP with a token: what they answer, and what a real driver (mssql-jdbc 13)
 * and the journal record of its own connection show afterwards.
 */
@Timeout(90)
class FaultApiTest {
    private static final String TOKEN = "fault-token";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private final List<TdsServer> extra = new ArrayList<>();
    private Listeners listeners;
    private ControlApi api;
    private TdsServer server;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        server = startHealthy();
        api = ControlApi.start("127.0.0.1", 0, Optional.of(TOKEN), listeners, TestServers.certificates());
    }

    @AfterEach
    void stop() {
        try {
            if (api != null) {
                api.close();
            }
        } finally {
            listeners.closeAll();
        }
    }

    private TdsServer startHealthy() {
        TdsServer started = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0),
                TestServers.certificates());
        listeners.add(started, "healthy");
        return started;
    }

    private HttpRequest request(String method, String path, String body, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(request(method, path, body, Duration.ofSeconds(15)), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(int status, String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        return JournalJson.mapper().readTree(response.body());
    }

    private JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        return json(200, method, path, body);
    }

    private String faults() {
        return "/listeners/" + server.port() + "/faults";
    }

    /** Adds a fault over the API and returns its id. */
    private String addFault(String fault) throws IOException, InterruptedException {
        JsonNode added = json(201, "POST", faults(), fault);
        String id = added.get("id").asText();
        assertFalse(id.isBlank(), added.toString());
        return id;
    }

    /**
     * One login is one attempt on one TCP connection: mssql-jdbc otherwise retries a reset login at once on a
     * new connection (with transparent network IP resolution on, even with connectRetryCount=0).
     */
    private static String url(TdsServer server, String options) {
        return "jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;password=x;encrypt=false;loginTimeout=15;"
                + "connectRetryCount=0;transparentNetworkIPResolution=false;" + options;
    }

    private static void logIn(TdsServer server, String options) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(server, options))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    private static SQLException failedLogin(TdsServer server, String options) {
        return assertThrows(SQLException.class, () -> DriverManager.getConnection(url(server, options)).close());
    }

    /**
     * The journal record of the one connection the test just made: waits for it to end and checks that it is
     * the only record of the listener, then clears the journal for the next one.
     */
    private static ConnectionRecord onlyRecord(TdsServer server) {
        List<ConnectionRecord> ended = Journals.awaitEnded(server, 1);
        assertEquals(1, ended.size(), "one connection: " + ended);
        assertEquals(1, server.journal().records().size(), "one connection: " + server.journal().records());
        ConnectionRecord record = ended.get(0);
        server.journal().clear();
        return record;
    }

    @Test
    void aCloseFaultAtLoginResetsOneLoginThenLetsTheNextIn() throws Exception {
        JsonNode added = json(201, "POST", faults(), "{\"type\":\"close\",\"at\":\"login\",\"ending\":\"rst\",\"times\":1}");
        String id = added.get("id").asText();
        assertEquals("close", added.get("type").asText());
        assertEquals("login", added.get("at").asText());
        assertEquals(0, added.get("fired").asInt());
        assertEquals(1, added.get("left").asInt());

        SQLException reset = failedLogin(server, "");
        assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        ConnectionRecord record = onlyRecord(server);
        assertEquals(1, record.faults().size(), record.toString());
        ConnectionRecord.FaultFired fired = record.faults().get(0);
        assertEquals(id, fired.id());
        assertEquals("close", fired.type());
        assertEquals("login", fired.step());
        assertEquals(Ending.Kind.RST, record.ending().kind(), record.toString());
        assertEquals(Ending.Side.SERVER, record.ending().by(), record.toString());
        assertEquals("login", record.ending().during(), record.toString());

        logIn(server, "");
        ConnectionRecord next = onlyRecord(server);
        assertTrue(next.faults().isEmpty(), next.toString());
        assertEquals(Ending.Kind.CLOSE, next.ending().kind(), next.toString());
        assertEquals(Ending.Side.CLIENT, next.ending().by(), next.toString());

        JsonNode listed = json("GET", faults(), null);
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(id, listed.get(0).get("id").asText());
        assertEquals(1, listed.get(0).get("fired").asInt());
        assertEquals(0, listed.get(0).get("left").asInt());
        assertEquals(1, json("GET", faults() + "/" + id, null).get("fired").asInt());
    }

    @Test
    void aBadFaultIsRefusedNamingTheKey() throws Exception {
        assertRefused("{\"type\":\"explode\",\"at\":\"login\"}", "'type'", "explode");
        assertRefused("{\"type\":\"delay\",\"at\":\"login\",\"fro\":\"1s\"}", "'fro'", "delay");
        assertRefused("{\"type\":\"close\",\"at\":\"logon\"}", "'logon' is not a step", "login");
        assertRefused("{\"type\":\"close\",\"at\":\"login\",\"ending\":\"alert\"}", "'ending'", "tls-hello");
        assertRefused("{\"type\":\"close\",\"at\":\"login\",\"probability\":2}", "'probability'", "between 0 and 1");
        assertRefused("{\"type\":\"close\",\"at\":\"prelogin\",\"match\":{\"application\":\"payments.*\"}}",
                "'match.application'", "client-address");
        assertRefused("{\"type\":\"close\",\"at\":\"login\",\"match\":{\"application\":\"(payments\"}}",
                "'match.application'", "not a regular expression");
        assertRefused("{\"type\":\"delay\",\"at\":\"login\"}", "'for'", "missing");
        assertRefused("", "body", "fault");
        // HOCON is for scenario files: no include, no substitution, no unquoted keys over the API
        assertRefused("{\"type\":\"close\",\"at\":\"login\",\ninclude file(\"pom.xml\")}", "a fault is a JSON object");
        assertRefused("type = close\nat = login\ninclude url(\"http://127.0.0.1:1/\")", "a fault is a JSON object");
        assertRefused("type=close, at=login, ending=rst, times=1", "a fault is a JSON object");
        assertRefused("{\"type\":\"close\",\"at\":${PATH}}", "a fault is a JSON object");
        assertRefused("null", "this call needs a JSON object as its body");
        assertEquals(0, json("GET", faults(), null).size(), "nothing was added");
        logIn(server, "");
    }

    private void assertRefused(String fault, String... words) throws Exception {
        HttpResponse<String> refused = call("POST", faults(), fault);
        assertEquals(400, refused.statusCode(), fault + ": " + refused.body());
        String error = JournalJson.mapper().readTree(refused.body()).get("error").asText();
        for (String word : words) {
            assertTrue(error.contains(word), fault + ": " + error);
        }
    }

    @Test
    void deletesOneFaultThenAllOfThem() throws Exception {
        String first = addFault("{\"type\":\"close\",\"at\":\"login\"}");
        String second = addFault("{\"type\":\"delay\",\"at\":\"prelogin\",\"for\":\"1ms\"}");
        String third = addFault("{\"type\":\"login-error\"}");
        assertEquals(3, json("GET", faults(), null).size());

        assertEquals(first, json("DELETE", faults() + "/" + first, null).get("removed").asText());
        HttpResponse<String> again = call("DELETE", faults() + "/" + first, null);
        assertEquals(404, again.statusCode(), again.body());
        assertTrue(again.body().contains(first), again.body());
        assertEquals(404, call("GET", faults() + "/" + first, null).statusCode());
        JsonNode left = json("GET", faults(), null);
        assertEquals(2, left.size(), left.toString());
        assertEquals(List.of(second, third), List.of(left.get(0).get("id").asText(), left.get(1).get("id").asText()));

        assertEquals(2, json("DELETE", faults(), null).get("removed").asInt());
        assertEquals(0, json("GET", faults(), null).size());
        logIn(server, "");
        assertTrue(onlyRecord(server).faults().isEmpty(), "no fault is left to fire");
    }

    @Test
    void waitsUntilAFaultHasFiredOftenEnoughOrTimesOut() throws Exception {
        String id = addFault("{\"type\":\"delay\",\"at\":\"login\",\"for\":\"1ms\"}");
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(
                request("GET", faults() + "/" + id + "/fired?atLeast=2&timeout=10s", null, Duration.ofSeconds(30)),
                HttpResponse.BodyHandlers.ofString());
        // Whether the wait reaches the API before or after the logins, it answers once the count is reached.
        logIn(server, "");
        assertFalse(waiting.isDone(), "one firing is not two");
        logIn(server, "");
        HttpResponse<String> fired = waiting.get(30, TimeUnit.SECONDS);
        assertEquals(200, fired.statusCode(), fired.body());
        JsonNode answer = JournalJson.mapper().readTree(fired.body());
        assertEquals(id, answer.get("id").asText());
        assertTrue(answer.get("fired").asInt() >= 2, answer.toString());
        List<ConnectionRecord> records = Journals.awaitEnded(server, 2);
        assertEquals(2, records.size(), records.toString());
        for (ConnectionRecord record : records) {
            assertEquals(id, record.faults().get(0).id(), record.toString());
        }

        HttpResponse<String> timedOut = call("GET", faults() + "/" + id + "/fired?atLeast=5&timeout=300ms", null);
        assertEquals(408, timedOut.statusCode(), timedOut.body());
        JsonNode late = JournalJson.mapper().readTree(timedOut.body());
        assertEquals(2, late.get("fired").asInt(), late.toString());
        assertTrue(late.get("error").asText().contains("not 5"), late.toString());

        assertEquals(404, call("GET", faults() + "/f999/fired?timeout=300ms", null).statusCode());
        assertEquals(400, call("GET", faults() + "/" + id + "/fired?timeout=soon", null).statusCode());
        HttpResponse<String> notACount = call("GET", faults() + "/" + id + "/fired?atLeast=two", null);
        assertEquals(400, notACount.statusCode(), notACount.body());
        assertTrue(notACount.body().contains("atLeast"), notACount.body());
    }

    @Test
    void aMatchOnTheApplicationHitsOnlyThatApplication() throws Exception {
        String id = addFault("{\"type\":\"close\",\"at\":\"login\",\"ending\":\"rst\","
                + "\"match\":{\"application\":\"payments.*\"}}");

        SQLException reset = failedLogin(server, "applicationName=payments-api");
        assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        ConnectionRecord payments = onlyRecord(server);
        assertEquals("payments-api", payments.login().appName());
        assertEquals(List.of(id), payments.faults().stream().map(ConnectionRecord.FaultFired::id).toList());
        assertEquals(Ending.Kind.RST, payments.ending().kind(), payments.toString());

        logIn(server, "applicationName=reports");
        ConnectionRecord reports = onlyRecord(server);
        assertEquals("reports", reports.login().appName());
        assertTrue(reports.faults().isEmpty(), reports.toString());
        assertEquals(Ending.Kind.CLOSE, reports.ending().kind(), reports.toString());

        assertEquals(1, json("GET", faults() + "/" + id, null).get("fired").asInt());
    }

    @Test
    void aNewScenarioReplacesTheFaultsAndChangedSettingsKeepThem() throws Exception {
        String before = addFault("{\"type\":\"close\",\"at\":\"login\"}");

        json("PUT", "/listeners/" + server.port() + "/scenario", "{\"scenario\": \"slow-login\"}");
        JsonNode switched = json("GET", faults(), null);
        assertEquals(1, switched.size(), switched.toString());
        assertEquals("delay", switched.get(0).get("type").asText());
        assertEquals("login", switched.get(0).get("at").asText());
        assertEquals("5s", switched.get(0).get("definition").get("for").asText());
        assertFalse(switched.toString().contains("\"" + before + "\""), switched.toString());
        String scenarioFault = switched.get(0).get("id").asText();

        String added = addFault("{\"type\":\"login-error\",\"number\":4060}");
        JsonNode changed = json("PATCH", "/listeners/" + server.port() + "/settings", "{\"login.database\": \"orders\"}");
        assertEquals("orders", changed.get("settingsChanged").get("login").get("database").asText());
        assertEquals(2, changed.get("faults").asInt(), changed.toString());
        JsonNode kept = json("GET", faults(), null);
        assertEquals(List.of(scenarioFault, added), List.of(kept.get(0).get("id").asText(), kept.get(1).get("id").asText()));

        for (String faultsAsSettings : List.of("{\"faults\": []}", "{\"faults.x\": 1}",
                "{\"faults.probability\": 0.5}")) {
            HttpResponse<String> refused = call("PATCH", "/listeners/" + server.port() + "/settings", faultsAsSettings);
            assertEquals(400, refused.statusCode(), faultsAsSettings + ": " + refused.body());
            assertTrue(refused.body().contains("faults are not settings"), refused.body());
        }
        assertEquals(2, json("GET", faults(), null).size(), "refused changes leave the faults alone");
    }

    @Test
    void clearsTheJournalOnlyWhereTheFiltersSay() throws Exception {
        TdsServer other = startHealthy();
        logIn(server, "");
        logIn(other, "");
        Journals.awaitEnded(server, 1);
        Journals.awaitEnded(other, 1);
        assertEquals(2, json("GET", "/journal", null).size());

        assertEquals(0, json("DELETE", "/journal?client=10.9.9.9", null).get("cleared").asInt());
        assertEquals(1, server.journal().records().size());
        assertEquals(1, other.journal().records().size());
        assertEquals(2, json("GET", "/journal", null).size());

        assertEquals(1, json("DELETE", "/journal?port=" + server.port(), null).get("cleared").asInt());
        assertEquals(0, server.journal().records().size());
        JsonNode left = json("GET", "/journal", null);
        assertEquals(1, left.size(), left.toString());
        assertEquals(other.port(), left.get(0).get("listenerPort").asInt(), left.toString());
        assertEquals(1, other.journal().records().size());
    }
}
