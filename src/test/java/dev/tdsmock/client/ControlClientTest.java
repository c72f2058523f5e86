package dev.tdsmock.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.control.ControlApi;
import dev.tdsmock.control.Listeners;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.TestServers;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The control API client against a real server and control API on loopback. */
@Timeout(60)
class ControlClientTest {
    private static final String TOKEN = "client-test-token";
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private Listeners listeners;
    private TdsServer healthy;
    private ControlApi api;
    private ControlClient client;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        healthy = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(healthy, "healthy");
        api = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, TestServers.certificates());
        client = ControlClient.of(URI.create("http://127.0.0.1:" + api.port()));
    }

    @AfterEach
    void stop() {
        api.close();
        listeners.closeAll();
    }

    private int port() {
        return healthy.port();
    }

    private Connection connect(String application, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + port() + ";user=sa;password=x;"
                + "loginTimeout=15;connectRetryCount=0;transparentNetworkIPResolution=false;applicationName="
                + application + ";" + options);
    }

    private static String application() {
        return "client-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The ended journal record of the connection that gave this application name, once the server has it. */
    private JournalRecord endedRecordOf(String application) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> client.journal(JournalFilter.onPort(port())).stream()
                        .filter(record -> application.equals(record.application()) && record.isEnded())
                        .findFirst(), Optional::isPresent).get();
    }

    @Test
    void healthTheCaScenariosAndListeners() {
        Health health = client.health();
        assertEquals("ok", health.status());
        assertEquals(1, health.listeners());
        assertTrue(client.caPem().startsWith("-----BEGIN CERTIFICATE-----"), client.caPem());

        ScenarioSummary healthyScenario = client.scenarios().stream().filter(s -> s.name().equals("healthy"))
                .findFirst().orElseThrow();
        assertEquals(1433, healthyScenario.port());
        assertFalse(healthyScenario.description().isBlank());

        List<ListenerState> all = client.listeners();
        assertEquals(1, all.size());
        ListenerState listener = client.listener(port());
        assertEquals(all.get(0), listener);
        assertEquals(port(), listener.port());
        assertEquals("127.0.0.1", listener.host());
        assertEquals("healthy", listener.scenario());
        assertEquals("healthy", listener.source());
        assertEquals(0, listener.faults());
        assertEquals(0, listener.settingsChanged().size());
    }

    @Test
    void switchesScenariosAndChangesSettings() throws Exception {
        ListenerState changed = client.changeSettings(port(), Map.of("login.database", "orders"));
        assertEquals("orders", changed.settingsChanged().get("login").get("database").asText());
        try (Connection connection = connect(application(), "encrypt=false")) {
            assertEquals("orders", Jdbc.single(connection, "SELECT DB_NAME()"));
        }

        assertEquals("no-common-cipher", client.switchScenario(port(), "no-common-cipher").scenario());
        assertThrows(SQLException.class, () -> connect(application(), "encrypt=true;trustServerCertificate=true")
                .close());

        ListenerState back = client.switchScenario(port(), "healthy");
        assertEquals("healthy", back.scenario());
        assertEquals(0, back.settingsChanged().size(), "a switch forgets the changes");

        client.pauseAccepting(port());
        client.resumeAccepting(port());
        try (Connection connection = connect(application(), "encrypt=true;trustServerCertificate=true")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    @Test
    void readsTheJournalRecordOfOneConnection() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        try (Connection other = connect(application(), "encrypt=false")) {
            assertEquals(1, Jdbc.single(other, "SELECT 1"));
        }
        String application = application();
        try (Connection connection = connect(application, "encrypt=true;trustServerCertificate=true;"
                + "databaseName=orders")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            SQLException error = assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1e400"));
            assertEquals(168, error.getErrorCode());
        }

        JournalRecord record = endedRecordOf(application);
        assertEquals(port(), record.listenerPort());
        assertEquals("healthy", record.scenario());
        assertEquals("127.0.0.1", record.clientAddress());
        assertTrue(record.clientPort() > 0);
        assertTrue(record.id() > 0);
        assertFalse(record.connectedAt().isBefore(before), record.connectedAt().toString());
        assertFalse(record.endedAt().isBefore(record.connectedAt()));
        assertTrue(record.phases().containsKey("logged-in"), record.phases().toString());
        assertTrue(record.tls().startsWith("TLSv1."), record.tls());
        assertNull(record.tlsFault());
        assertEquals("sa", record.login().user());
        assertEquals(application, record.login().application());
        assertEquals("orders", record.login().database());
        assertTrue(record.login().library().contains("JDBC"), record.login().library());
        assertTrue(record.statements().contains("SELECT 1"), record.statements().toString());
        int failed = record.statements().indexOf("SELECT 1e400");
        assertTrue(failed >= 0, record.statements().toString());
        assertEquals(record.statements().size(), record.statementLengths().size());

        assertEquals(1, record.errors().size(), record.errors().toString());
        JournalRecord.ErrorAnswered error = record.errors().get(0);
        assertEquals("request", error.step());
        assertEquals(failed, error.statement());
        assertEquals(168, error.number());
        assertEquals(15, error.severity());
        assertTrue(error.message().contains("'1e400' is out of the range"), error.message());
        assertNotNull(error.at());

        assertEquals(List.of(), record.faults());
        assertEquals(new JournalRecord.Ending("CLOSE", "CLIENT", record.ending().reason(), "logged-in"),
                record.ending());
        assertNotNull(record.churn());
        assertEquals(record.id(), record.json().get("id").asLong());
        assertFalse(record.json().toString().contains("\"x\""), "no password");

        assertEquals(2, client.journal(JournalFilter.all().withClient("127.0.0.1").withSince(before)).size());
        assertEquals(0, client.journal(JournalFilter.all().withClient("10.9.9.9")).size());
        assertEquals(0, client.journal(JournalFilter.onPort(port()).withSince(Instant.now().plusSeconds(60))).size());

        ListenerCounters counters = client.counters().get(0);
        assertEquals(port(), counters.port());
        assertEquals("healthy", counters.scenario());
        assertEquals(2, counters.connections());
        assertEquals(0, counters.open());
        assertEquals(2, counters.ended("CLOSE"));
        assertEquals(0, counters.ended("RST"));
        ClientChurn churn = counters.churn().get(0);
        assertEquals("127.0.0.1", churn.address());
        assertEquals(2, churn.opened());
        assertNotNull(churn.ports());

        assertEquals(0, client.clearJournal(JournalFilter.all().withClient("10.9.9.9")));
        assertEquals(2, client.clearJournal(JournalFilter.onPort(port())));
        assertEquals(List.of(), client.journal());
    }

    @Test
    void aFaultAddedThroughTheClientFailsADriverConnection() throws Exception {
        FaultState fault = client.addFault(port(), Map.of("type", "close", "at", "login", "ending", "rst",
                "times", 1));
        assertNotNull(fault.id());
        assertEquals("close", fault.type());
        assertEquals("login", fault.at());
        assertEquals("rst", fault.definition().get("ending").asText());
        assertEquals(0, fault.fired());
        assertEquals(1, fault.left());
        assertNull(fault.waiting());
        assertEquals(List.of(fault.id()), client.faults(port()).stream().map(FaultState::id).toList());
        assertEquals(1, client.listener(port()).faults());

        String application = application();
        assertThrows(SQLException.class, () -> connect(application, "encrypt=false").close());
        assertTrue(client.awaitFired(port(), fault.id(), 1, Duration.ofSeconds(10)));
        FaultState fired = client.fault(port(), fault.id());
        assertEquals(1, fired.fired());
        assertEquals(0, fired.left());
        assertFalse(client.awaitFired(port(), fault.id(), 2, Duration.ofMillis(200)), "it fires once only");

        JournalRecord record = endedRecordOf(application);
        assertEquals(List.of(fault.id()), record.faults().stream().map(JournalRecord.FaultFired::id).toList());
        assertEquals("close", record.faults().get(0).type());
        assertEquals("login", record.faults().get(0).step());
        assertEquals("RST", record.ending().kind());
        assertEquals("SERVER", record.ending().by());
        assertEquals("login", record.ending().during());

        client.removeFault(port(), fault.id());
        assertEquals(List.of(), client.faults(port()));
        ControlApiException gone = assertThrows(ControlApiException.class,
                () -> client.removeFault(port(), fault.id()));
        assertEquals(404, gone.status());
        try (Connection connection = connect(application(), "encrypt=false")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }

        client.addFault(port(), "{\"type\": \"delay\", \"at\": \"login\", \"for\": \"1ms\"}");
        client.addFault(port(), Map.of("type", "close", "at", "request", "match", Map.of("application", "nobody")));
        assertEquals(2, client.removeFaults(port()));
        assertEquals(0, client.removeFaults(port()));
    }

    @Test
    void waitsAtAndReleasesAGate() throws Exception {
        FaultState gate = client.addFault(port(), "{\"type\": \"gate\", \"at\": \"login\"}");
        assertTrue(gate.isGate());
        assertEquals(0, gate.waiting());
        String application = application();
        CompletableFuture<Object> login = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = connect(application, "encrypt=false;loginTimeout=30")) {
                return Jdbc.single(connection, "SELECT 1");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(client.awaitWaiting(port(), gate.id(), 1, Duration.ofSeconds(20)));
        assertEquals(1, client.fault(port(), gate.id()).waiting());
        assertFalse(client.awaitWaiting(port(), gate.id(), 2, Duration.ofMillis(100)));

        assertEquals(new GateRelease(1, 0), client.release(port(), gate.id(), 1));
        assertEquals(1, login.get(20, TimeUnit.SECONDS));
        assertEquals(new GateRelease(0, 0), client.releaseAll(port(), gate.id()));
        assertEquals("waited at the gate", endedRecordOf(application).faults().get(0).effect());

        FaultState delay = client.addFault(port(), Map.of("type", "delay", "at", "login", "for", "1ms"));
        ControlApiException notAGate = assertThrows(ControlApiException.class,
                () -> client.release(port(), delay.id(), 1));
        assertEquals(400, notAGate.status());
        assertTrue(notAGate.error().contains("not a gate"), notAGate.error());
    }

    @Test
    void badCallsThrowWithTheStatusAndTheServersMessage() {
        ControlApiException unknown = assertThrows(ControlApiException.class,
                () -> client.switchScenario(port(), "no-such"));
        assertEquals(400, unknown.status());
        assertTrue(unknown.error().contains("no scenario 'no-such'"), unknown.error());
        assertEquals("PUT /listeners/" + port() + "/scenario", unknown.call());
        assertTrue(unknown.getMessage().contains("-> 400: "), unknown.getMessage());

        ControlApiException badKey = assertThrows(ControlApiException.class,
                () -> client.addFault(port(), Map.of("type", "close", "at", "login", "endng", "rst")));
        assertEquals(400, badKey.status());
        assertTrue(badKey.error().contains("endng"), badKey.error());

        ControlApiException notJson = assertThrows(ControlApiException.class, () -> client.addFault(port(), "[1]"));
        assertEquals(400, notJson.status());

        ControlApiException badSetting = assertThrows(ControlApiException.class,
                () -> client.changeSettings(port(), Map.of("tls.protocol", "x")));
        assertEquals(400, badSetting.status());
        assertTrue(badSetting.error().contains("unknown setting 'tls.protocol'"), badSetting.error());

        ControlApiException noListener = assertThrows(ControlApiException.class, () -> client.listener(1));
        assertEquals(404, noListener.status());
        assertEquals("no listener on port 1", noListener.error());

        ControlApiException noFault = assertThrows(ControlApiException.class,
                () -> client.awaitFired(port(), "f99", 1, Duration.ofSeconds(1)));
        assertEquals(404, noFault.status());
        assertTrue(noFault.error().contains("no fault f99"), noFault.error());
        ControlApiException tooLong = assertThrows(ControlApiException.class,
                () -> client.awaitFired(port(), client.addFault(port(), Map.of("type", "gate", "at", "login")).id(),
                        1, Duration.ofMinutes(11)));
        assertEquals(400, tooLong.status());
        assertTrue(tooLong.error().contains("longer than 10 minutes"), tooLong.error());
        assertEquals(1, client.removeFaults(port()));
        assertEquals(0, client.faults(port()).size(), "nothing changed");
    }

    @Test
    void aTokenProtectedApiRefusesAClientWithoutTheToken() {
        try (ControlApi guarded = ControlApi.start("127.0.0.1", 0, Optional.of(TOKEN), listeners,
                TestServers.certificates())) {
            URI base = URI.create("http://127.0.0.1:" + guarded.port());
            ControlClient without = ControlClient.of(base);
            assertEquals("ok", without.health().status(), "health needs no token");
            assertTrue(without.caPem().contains("BEGIN CERTIFICATE"), "nor does the CA");
            ControlApiException refused = assertThrows(ControlApiException.class, without::listeners);
            assertEquals(401, refused.status());
            assertTrue(refused.error().contains("Authorization: Bearer"), refused.error());
            assertEquals(401, assertThrows(ControlApiException.class,
                    () -> without.addFault(port(), Map.of("type", "gate", "at", "login"))).status());
            assertEquals(401, assertThrows(ControlApiException.class,
                    () -> ControlClient.of(base, "wrong").journal()).status());

            ControlClient with = ControlClient.of(base, TOKEN);
            assertEquals("healthy", with.listeners().get(0).scenario());
            FaultState added = with.addFault(port(), Map.of("type", "gate", "at", "login"));
            assertEquals(1, with.removeFaults(port()));
            assertEquals(List.of(), with.faults(port()));
            assertNotNull(added.id());
            assertTrue(with.toString().contains("with a token") && !with.toString().contains(TOKEN));
        }
    }

    @Test
    void anUnreachableApiIsAnUncheckedIoException() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ControlClient nowhere = ControlClient.of(URI.create("http://127.0.0.1:" + closed))
                .withTimeout(Duration.ofSeconds(2));
        UncheckedIOException failed = assertThrows(UncheckedIOException.class, nowhere::health);
        assertTrue(failed.getMessage().contains("GET /health"), failed.getMessage());

        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ControlClient slow = ControlClient.of(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                    .withTimeout(Duration.ofMillis(300));
            UncheckedIOException timedOut = assertThrows(UncheckedIOException.class, slow::health);
            assertInstanceOf(HttpTimeoutException.class, timedOut.getCause());
        }
    }

    @Test
    void refusesAddressesAndTokensItCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> ControlClient.of(URI.create("ftp://127.0.0.1:1")));
        assertThrows(IllegalArgumentException.class, () -> ControlClient.of(URI.create("127.0.0.1:14300")));
        assertThrows(IllegalArgumentException.class, () -> ControlClient.of(URI.create("http://h:1/?a=b")));
        assertThrows(IllegalArgumentException.class, () -> ControlClient.of(URI.create("http://h:1"), " "));
        assertThrows(IllegalArgumentException.class, () -> client.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> JournalFilter.onPort(0));
    }
}
