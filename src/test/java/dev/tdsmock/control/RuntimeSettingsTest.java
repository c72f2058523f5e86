package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Settings changed over the control API while a listener runs: the accept stage (backlog, cost, paused, the
 * accept workers of a switched scenario), what cannot change at run time, and the churn threshold. Counts only.
 */
@Timeout(120)
class RuntimeSettingsTest {
    private static final String TOKEN = "settings-token";
    private static final int BURST = 20;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private Listeners listeners;
    private ControlApi api;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        api = ControlApi.start("127.0.0.1", 0, Optional.of(TOKEN), listeners, TestServers.certificates());
    }

    @AfterEach
    void stop() {
        try {
            api.close();
        } finally {
            listeners.closeAll();
        }
    }

    /** A listener on a free loopback port, registered as the control API's: a scenario name or a test scenario file. */
    private TdsServer listen(String scenario) {
        String source = scenario.endsWith(".conf") ? TestServers.TEST_SCENARIOS.resolve(scenario).toString() : scenario;
        TdsServer server = TdsServer.start(loader.load(source).withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(server, source);
        return server;
    }

    private HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = call(method, path, body);
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return JournalJson.mapper().readTree(response.body());
    }

    private void assertRefused(String method, String path, String body, String words) throws Exception {
        HttpResponse<String> refused = call(method, path, body);
        assertEquals(400, refused.statusCode(), method + " " + path + " " + body + ": " + refused.body());
        String error = JournalJson.mapper().readTree(refused.body()).get("error").asText();
        assertTrue(error.contains(words), error);
    }

    /** Connections the accept workers turned away because the backlog was full. */
    private static long backlogResets(TdsServer server) {
        return server.journal().ended().stream()
                .filter(r -> r.ending().kind() == Ending.Kind.RST && r.ending().reason().startsWith("backlog full"))
                .count();
    }

    /** Raw connections, each sending a PRELOGIN; each is then either answered or reset. */
    private static final class Burst implements AutoCloseable {
        private final List<RawClient> clients = new ArrayList<>();
        private final List<RawClient> refusedPreLogin = new ArrayList<>();

        Burst(TdsServer server, int size) throws IOException {
            try {
                for (int i = 0; i < size; i++) {
                    try {
                        clients.add(new RawClient(server.port()));
                    } catch (java.net.SocketException e) {
                        // turned away (reset) so soon that the reset came before connect() returned
                    }
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        /** Sends a PRELOGIN on every connection; a connection already reset may refuse it. */
        Burst sendPreLogins() {
            for (RawClient client : clients) {
                try {
                    client.send(Packets.preLogin(Encryption.NOT_SUP));
                } catch (IOException e) {
                    refusedPreLogin.add(client);
                }
            }
            return this;
        }

        /** Reads every answer: how many connections got a PRELOGIN answer; the others were closed or reset. */
        int answered() {
            int answered = 0;
            for (RawClient client : clients) {
                if (refusedPreLogin.contains(client)) {
                    continue;
                }
                try {
                    assertEquals(0x04, client.readPacket()[0], "a PRELOGIN answer");
                    answered++;
                } catch (IOException e) {
                    // reset or closed by the server
                }
            }
            return answered;
        }

        @Override
        public void close() throws IOException {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aLargerBacklogAndNoCostLetAWholeBurstIn() throws Exception {
        TdsServer server = listen("listen-backlog-paused.conf");
        try (Burst before = new Burst(server, BURST)) {
            // Paused workers, a backlog of 5: the other 15 are reset as they arrive.
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> backlogResets(server) == BURST - 5);
            before.sendPreLogins();

            JsonNode changed = json("PATCH", "/listeners/" + server.port() + "/settings",
                    "{\"listener.accept.backlog\": 50, \"listener.accept.cost\": \"0ms\", \"listener.accept.paused\": false}");
            JsonNode accept = changed.get("settingsChanged").get("listener").get("accept");
            assertEquals(50, accept.get("backlog").asInt(), changed.toString());
            assertEquals(false, accept.get("paused").asBoolean(), changed.toString());
            assertEquals(50, server.scenario().listener().accept().backlog());

            assertEquals(5, before.answered(), "the five in the backlog are served once the workers run");
        }
        assertEquals(BURST - 5, backlogResets(server));

        try (Burst after = new Burst(server, BURST)) {
            assertEquals(BURST, after.sendPreLogins().answered(), "every connection of the burst is answered");
        }
        assertEquals(BURST - 5, backlogResets(server), "no reset since the change");
        Journals.awaitEnded(server, 2 * BURST);
    }

    @Test
    void whatCannotChangeAtRunTimeIsRefused() throws Exception {
        TdsServer healthy = listen("healthy");
        assertRefused("PATCH", "/listeners/" + healthy.port() + "/settings", "{\"listener.port\": 1}", "listener.port");
        assertRefused("PATCH", "/listeners/" + healthy.port() + "/settings", "{\"listener\": {\"host\": \"0.0.0.0\"}}",
                "listener.host");
        assertEquals(0, json("GET", "/listeners/" + healthy.port(), null).get("settingsChanged").size());

        TdsServer kernel = listen("listen-backlog-kernel.conf");
        String path = "/listeners/" + kernel.port();
        assertRefused("PATCH", path + "/settings", "{\"listener.accept.when-full\": \"reset\"}", "when-full = kernel");
        assertRefused("PATCH", path + "/settings", "{\"listener.accept.backlog\": 50}", "listener.accept.backlog");
        assertRefused("PUT", path + "/scenario", "{\"scenario\": \"healthy\"}", "when-full = kernel");
        JsonNode unchanged = json("GET", path, null);
        assertEquals("listen-backlog-kernel", unchanged.get("scenario").asText(), unchanged.toString());
        assertEquals(0, unchanged.get("settingsChanged").size(), unchanged.toString());
    }

    @Test
    void switchingToListenBacklogStartsTheAcceptWorkersAndBackStopsThem() throws Exception {
        TdsServer server = listen("healthy");
        String path = "/listeners/" + server.port() + "/scenario";
        assertEquals("listen-backlog", json("PUT", path, "{\"scenario\": \"listen-backlog\"}").get("scenario").asText());
        int answered;
        try (Burst burst = new Burst(server, BURST)) {
            answered = burst.sendPreLogins().answered();
        }
        long reset = backlogResets(server);
        assertTrue(reset > 0, "a burst overflows a backlog of 5 before one worker at 200 ms an accept");
        assertEquals(BURST, answered + reset, "each connection was either served or reset: answered " + answered);

        assertEquals("healthy", json("PUT", path, "{\"scenario\": \"healthy\"}").get("scenario").asText());
        try (Burst burst = new Burst(server, BURST)) {
            assertEquals(BURST, burst.sendPreLogins().answered(), "a healthy listener serves everyone");
        }
        assertEquals(reset, backlogResets(server), "no reset after switching back");
    }

    @Test
    void aNewChurnThresholdTakesEffect() throws Exception {
        TdsServer server = listen("healthy");
        assertEquals(600, server.churn().warnPerMinute());
        JsonNode changed = json("PATCH", "/listeners/" + server.port() + "/settings", "{\"churn.warn-per-minute\": 5}");
        assertEquals(5, changed.get("settingsChanged").get("churn").get("warn-per-minute").asInt());
        assertEquals(5, server.churn().warnPerMinute());

        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 6; i++) {
                try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port()
                        + ";user=sa;password=x;encrypt=false;loginTimeout=15;connectRetryCount=0;"
                        + "transparentNetworkIPResolution=false")) {
                    assertEquals(1, Jdbc.single(connection, "SELECT 1"));
                }
            }
            List<ConnectionRecord> ended = Journals.awaitEnded(server, 6);
            assertEquals(6, ended.size(), ended.toString());
            log.awaitLine("opened more than 5 connections within a minute");
        }

        JsonNode counters = json("GET", "/counters", null);
        JsonNode mine = null;
        for (JsonNode listener : counters) {
            if (listener.get("port").asInt() == server.port()) {
                mine = listener;
            }
        }
        assertTrue(mine != null, counters.toString());
        assertEquals(6, mine.get("connections").asInt(), mine.toString());
        assertEquals(6, mine.get("churn").get(0).get("opened").asInt(), mine.toString());
        assertEquals(6, mine.get("churn").get(0).get("ports").get("clientTimeWait").asInt(), mine.toString());
        assertEquals(6, mine.get("endings").get("CLOSE").asInt(), mine.toString());
    }

    /** A client's port budget and the exhaustion opt-in changed at run time apply to the next connections. */
    @Test
    void aSmallPortBudgetRefusesAtRunTime() throws Exception {
        TdsServer server = listen("healthy");
        JsonNode changed = json("PATCH", "/listeners/" + server.port() + "/settings",
                "{\"churn.client-ports\": 3, \"churn.exhaust\": \"refuse\"}");
        assertEquals(3, changed.get("settingsChanged").get("churn").get("client-ports").asInt(), changed.toString());
        String url = "jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;password=x;encrypt=false;loginTimeout=15;"
                + "connectRetryCount=0;transparentNetworkIPResolution=false";
        for (int i = 0; i < 3; i++) {
            try (Connection connection = DriverManager.getConnection(url)) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
        }
        Journals.awaitEnded(server, 3);
        java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> DriverManager.getConnection(url).close());
        assertTrue(refused.getMessage().contains("Connection reset"), refused.getMessage());
        Journals.awaitEnded(server, 4);

        JsonNode churn = null;
        for (JsonNode listener : json("GET", "/counters", null)) {
            if (listener.get("port").asInt() == server.port()) {
                churn = listener.get("churn").get(0);
            }
        }
        assertTrue(churn != null, "no counters for port " + server.port());
        assertEquals(1, churn.get("refused").asInt(), churn.toString());
        assertEquals(3, churn.get("ports").get("portsUsed").asInt(), churn.toString());
        assertEquals(3, churn.get("ports").get("clientPorts").asInt(), churn.toString());
        assertEquals(100.0, churn.get("ports").get("portsUsedPercent").asDouble(), 1e-9, churn.toString());
    }
}
