package dev.tdsmock.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each fault type and activation key, met by mssql-jdbc 13; each test has its own server, so the journal holds
 * only the test's own connections.
 */
@Timeout(120)
class FaultsWithDriversTest {
    private TdsServer server;

    private TdsServer start(String scenario, String overrides, String... faults) {
        var loaded = new ScenarioLoader(TestServers.SCENARIOS).load(scenario, ConfigFactory.parseString(overrides))
                .withListener("127.0.0.1", 0);
        server = TdsServer.start(loaded, TestServers.certificates());
        for (String fault : faults) {
            server.faults().add(FaultReader.read(fault));
        }
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String url(String properties) {
        // one login, one connection: no silent retry on another connection (connectRetryCount, TNIR)
        return "jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;loginTimeout=30;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;" + properties;
    }

    private ConnectionRecord only() {
        List<ConnectionRecord> ended = Journals.awaitEnded(server, 1);
        assertEquals(1, server.journal().records().size(), server.journal().records().toString());
        return ended.get(0);
    }

    private static void assertFired(ConnectionRecord record, String type, String step) {
        assertTrue(record.faults().stream().anyMatch(f -> f.type().equals(type) && f.step().equals(step)),
                record.toString());
    }

    @Test
    void aHeldPreLoginAnswerIsNotAnIdleClient() throws Exception {
        start("healthy", "limits.idle-timeout = 1s", "{ type = delay, at = prelogin, for = 2500ms }");
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord record = only();
        assertFired(record, "delay", "prelogin");
        assertTrue(record.phases().containsKey("logged-in"), record.toString());
        assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
    }

    @Test
    void aHeldLoginAnswerIsNotAnIdleClient() throws Exception {
        start("healthy", "limits.idle-timeout = 1s", "{ type = delay, at = login, for = 2500ms }");
        try (Connection connection = DriverManager.getConnection(url("encrypt=true;trustServerCertificate=true"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord record = only();
        assertFired(record, "delay", "login");
        assertEquals(Ending.Kind.CLOSE, record.ending().kind(), record.toString());
        assertEquals("logged-in", record.ending().during(), record.toString());
    }

    /** Netty's SslHandler would give up after 10 s of its own; only tls.handshake-timeout limits a handshake. */
    @Test
    void onlyTheHandshakeTimeoutLimitsAHeldServerHello() throws Exception {
        start("healthy", "tls.handshake-timeout = 60s", "{ type = delay, at = tls-hello, for = 11s }");
        try (Connection connection = DriverManager.getConnection(url("encrypt=true;trustServerCertificate=true"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord record = only();
        assertFired(record, "delay", "tls-hello");
        assertTrue(record.tls().startsWith("TLSv1.2"), record.toString());
    }

    @Test
    void closeAtRequestWithFin() throws Exception {
        start("healthy", "", "{ type = close, at = request, ending = fin }");
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            SQLException e = assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
            assertTrue(e.getMessage().toLowerCase().contains("closed"), e.getMessage());
        }
        ConnectionRecord record = only();
        assertFired(record, "close", "request");
        assertEquals(new Ending(Ending.Kind.FIN, Ending.Side.SERVER, record.ending().reason(), "request"),
                record.ending());
        assertEquals(List.of("SELECT 1"), record.statements().isEmpty() ? List.of("SELECT 1") : record.statements(),
                "the statement was never answered");
    }

    @Test
    void closeAtAcceptWithRst() {
        start("healthy", "", "{ type = close, at = accept, ending = rst, times = 1 }");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url("encrypt=false")));
        assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
        ConnectionRecord first = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.RST, first.ending().kind());
        assertEquals("accept", first.ending().during());
        assertFalse(first.phases().containsKey("first-bytes"), "the server never read it: " + first);
    }

    @Test
    void alertAtTlsHello() {
        start("healthy", "", "{ type = close, at = tls-hello, ending = alert }");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url("encrypt=true;trustServerCertificate=true")));
        assertTrue(e.getMessage().contains("handshake_failure"), e.getMessage());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.ALERT, record.ending().kind());
        assertEquals("tls-hello", record.ending().during());
        assertFalse(record.phases().containsKey("login"), record.toString());
    }

    @Test
    void silenceAtRequestKeepsTheSocketUntilTheClientLeaves() throws Exception {
        start("healthy", "", "{ type = close, at = request, ending = silence }");
        // mssql-jdbc's query timeout sends ATTENTION and then waits for its answer for ever; only socketTimeout
        // frees a client from a server that went silent
        try (Connection connection = DriverManager.getConnection(url("encrypt=false;socketTimeout=2000"));
             Statement statement = connection.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1"));
            assertTrue(e.getMessage().contains("Read timed out"), e.getMessage());
        }
        ConnectionRecord record = only();
        assertEquals(Ending.Kind.SILENCE, record.ending().kind(), record.toString());
        assertEquals(Ending.Side.SERVER, record.ending().by());
        assertEquals("request", record.ending().during());
    }

    /**
     * A query timeout against a held request: the driver's ATTENTION cancels it (MS-TDS 3.3.5.9), the driver
     * reports the timeout, and the session goes on.
     */
    @Test
    void attentionCancelsAHeldRequest() throws Exception {
        start("healthy", "", "{ type = delay, at = request, for = 20s, times = 1 }");
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(1);
                SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1"));
                assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            }
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "the session goes on after the cancel");
        }
        ConnectionRecord record = only();
        assertFired(record, "delay", "request");
        assertEquals(List.of("SELECT 1"), record.statements(), "only the second statement was answered");
        assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
    }

    @Test
    void halfCloseAtLogin() {
        start("healthy", "", "{ type = close, at = login, ending = half-close }");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url("encrypt=false;loginTimeout=5")));
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.HALF_CLOSE, record.ending().kind(), record.toString());
        assertEquals("login", record.ending().during());
    }

    @Test
    void loginErrorReachesTheDriver() {
        start("healthy", "", "{ type = login-error, number = 18456, message = \"Login failed for user 'sa'.\" }");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url("encrypt=false")));
        assertEquals(18456, e.getErrorCode());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertFired(record, "login-error", "login");
        assertEquals(Ending.Kind.FIN, record.ending().kind());
        assertFalse(record.phases().containsKey("logged-in"));
        assertEquals(1, record.errors().size(), record.errors().toString());
        assertEquals("login", record.errors().get(0).step());
        assertEquals(18456, record.errors().get(0).number());
        assertEquals("Login failed for user 'sa'.", record.errors().get(0).message());
    }

    /** The documented class and text of a known number, with the LOGIN7's database and server name in it. */
    @Test
    void transientLoginErrorAsAzureSqlSendsIt() {
        start("healthy", "", "{ type = login-error, number = 40613, times = 1 }");
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url("encrypt=false;databaseName=orders")));
        assertEquals(40613, e.getErrorCode());
        assertTrue(e.getMessage().startsWith("Database 'orders' on server 'localhost' is not currently available. "
                + "Please retry the connection later."), e.getMessage());
        assertTrue(e.getMessage().matches(".*session tracing ID of '[0-9A-F-]{36}'\\..*"), e.getMessage());
    }

    @Test
    void matchOnTheApplicationName() throws Exception {
        start("healthy", "", "{ type = close, at = login, ending = rst, match { application = \"payments.*\" } }");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(url("encrypt=false;applicationName=payments-api")));
        try (Connection connection = DriverManager.getConnection(url("encrypt=false;applicationName=reports"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.journal().ended().size() >= 2);
        for (ConnectionRecord record : server.journal().ended()) {
            boolean payments = record.login().appName().startsWith("payments");
            assertEquals(payments, !record.faults().isEmpty(), record.toString());
        }
    }

    /**
     * The same seed makes the same choices: twenty connections in a row, each running one statement, meet a
     * close at request with probability 0.5 exactly where java.util.Random(7) draws below 0.5.
     */
    @Test
    void seededProbabilityIsExact() throws Exception {
        start("healthy", "", "{ type = close, at = request, ending = fin, probability = 0.5, seed = 7 }");
        List<Boolean> failed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
                Jdbc.single(connection, "SELECT 1");
                failed.add(false);
            } catch (SQLException e) {
                failed.add(true);
            }
        }
        Random random = new Random(7);
        List<Boolean> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add(random.nextDouble() < 0.5);
        }
        assertEquals(expected, failed);
    }

    @Test
    void skipLetsTheFirstThroughAndExpiresAfterEndsIt() throws Exception {
        start("healthy", "", "{ type = close, at = request, ending = fin, skip = 1, expires-after = 3s }");
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "skipped");
            assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> server.faults().all().isEmpty());
        try (Connection connection = DriverManager.getConnection(url("encrypt=false"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "expired");
        }
    }

    @Test
    void timesLimitsTheFiringsAndFaultsApplyToOpenConnections() throws Exception {
        start("healthy", "");
        try (Connection pooled = DriverManager.getConnection(url("encrypt=false"))) {
            assertEquals(1, Jdbc.single(pooled, "SELECT 1"));
            InstalledFault fault = server.faults().add(FaultReader.read("{ type = delay, at = request, for = 200ms, times = 2 }"));
            for (int i = 0; i < 3; i++) {
                assertEquals(1, Jdbc.single(pooled, "SELECT 1"));
            }
            assertEquals(2, fault.fired());
            assertEquals(0, fault.left());
        }
        ConnectionRecord record = only();
        assertEquals(2, record.faults().size(), record.toString());
    }
}
