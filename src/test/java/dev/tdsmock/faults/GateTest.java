package dev.tdsmock.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.control.ControlApi;
import dev.tdsmock.control.Listeners;
import dev.tdsmock.faults.types.GateFault;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.TestServers;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gates hold connections at a step until the test lets them through: no timing margins. */
@Timeout(60)
class GateTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private Listeners listeners;
    private TdsServer server;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        server = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(server, "healthy");
    }

    @AfterEach
    void stop() {
        listeners.closeAll();
    }

    private String url(String properties) {
        return "jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;encrypt=false;" + properties;
    }

    private CompletableFuture<Object> selectOne(String properties) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = DriverManager.getConnection(url(properties))) {
                return Jdbc.single(connection, "SELECT 1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private long loggedIn() {
        return server.journal().records().stream().filter(r -> r.phases().containsKey("logged-in")).count();
    }

    @Test
    void aGateLetsConnectionsThroughOneByOne() throws Exception {
        InstalledFault fault = server.faults().add(FaultReader.read("{ type = gate, at = login }"));
        GateFault.Gate gate = (GateFault.Gate) fault.fault();
        List<CompletableFuture<Object>> logins = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            logins.add(selectOne("loginTimeout=30"));
        }
        gate.waitingAtLeast(3).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(0, loggedIn(), "nobody is past the gate");

        assertEquals(1, gate.release(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> logins.stream().filter(CompletableFuture::isDone).count() == 1);
        assertEquals(1, loggedIn());
        assertEquals(2, gate.waiting());

        assertEquals(2, gate.releaseAll());
        for (CompletableFuture<Object> login : logins) {
            assertEquals(1, login.get(20, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertEquals(3, fault.fired());
        for (ConnectionRecord record : server.journal().records()) {
            assertEquals("waited at the gate", record.faults().get(0).effect(), record.toString());
        }
    }

    @Test
    void aClientThatGivesUpAtTheGateNoLongerWaits() throws Exception {
        InstalledFault fault = server.faults().add(FaultReader.read("{ type = gate, at = login }"));
        GateFault.Gate gate = (GateFault.Gate) fault.fault();
        CompletableFuture<Object> impatient = selectOne("loginTimeout=2");
        gate.waitingAtLeast(1).get(30, java.util.concurrent.TimeUnit.SECONDS);
        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> impatient.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(failed.getCause().getMessage().contains("timed out"), failed.getCause().getMessage());
        await().atMost(Duration.ofSeconds(20)).until(() -> gate.waiting() == 0);
        ConnectionRecord record = server.journal().ended().get(0);
        assertEquals("login", record.ending().during(), record.toString());
    }

    @Test
    void removingAGateLetsEveryoneThrough() throws Exception {
        InstalledFault fault = server.faults().add(FaultReader.read("{ type = gate, at = request }"));
        CompletableFuture<Object> query = selectOne("loginTimeout=30");
        ((GateFault.Gate) fault.fault()).waitingAtLeast(1).get(30, java.util.concurrent.TimeUnit.SECONDS);
        server.faults().remove(fault.id());
        assertEquals(1, query.get(20, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void theControlApiWaitsAtAndReleasesAGate() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ControlApi api = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, TestServers.certificates())) {
            String faults = "http://127.0.0.1:" + api.port() + "/listeners/" + server.port() + "/faults";
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(faults))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"gate\", \"at\": \"prelogin\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, added.statusCode(), added.body());
            String id = JournalJson.mapper().readTree(added.body()).get("id").asText();

            CompletableFuture<HttpResponse<String>> twoWaiting = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(faults + "/" + id + "/waiting?atLeast=2&timeout=20s")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<CompletableFuture<Object>> logins = List.of(selectOne("loginTimeout=30"), selectOne("loginTimeout=30"));
            HttpResponse<String> waiting = twoWaiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, waiting.statusCode(), waiting.body());
            assertEquals(2, JournalJson.mapper().readTree(waiting.body()).get("waiting").asInt());

            HttpResponse<String> released = http.send(HttpRequest.newBuilder(URI.create(faults + "/" + id + "/release"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 5}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JournalJson.mapper().readTree(released.body());
            assertEquals(2, answer.get("released").asInt(), released.body());
            for (CompletableFuture<Object> login : logins) {
                assertEquals(1, login.get(20, java.util.concurrent.TimeUnit.SECONDS));
            }

            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(faults + "/" + id
                    + "/waiting?atLeast=1&timeout=200ms")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(408, none.statusCode(), none.body());
            assertTrue(none.body().contains("0 connections wait at gate " + id + ", not 1"), none.body());

            String delay = JournalJson.mapper().readTree(http.send(HttpRequest.newBuilder(URI.create(faults))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"delay\", \"at\": \"login\", \"for\": \"1s\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body()).get("id").asText();
            HttpResponse<String> notAGate = http.send(HttpRequest.newBuilder(URI.create(faults + "/" + delay + "/release"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, notAGate.statusCode(), notAGate.body());
            assertTrue(notAGate.body().contains("not a gate"), notAGate.body());
        }
    }
}
