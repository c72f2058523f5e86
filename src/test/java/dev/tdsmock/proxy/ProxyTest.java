package dev.tdsmock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault proxy with mssql-jdbc 13: a tds-mock healthy listener plays the upstream SQL Server, a second listener
 * with upstream settings stands in front of it; the client's queries reach the upstream, the proxy's faults reach
 * the client, and both journals tell what happened to the test's own connection (found by its application name).
 */
@Timeout(90)
class ProxyTest {
    private static final String FOUR_ROWS = "select name from sys.databases";
    private final List<TdsServer> servers = new ArrayList<>();
    private TdsServer upstream;
    private TdsServer proxy;

    @AfterEach
    void stop() {
        servers.forEach(TdsServer::close);
    }

    private TdsServer start(Scenario scenario) {
        TdsServer server = TdsServer.start(scenario, TestServers.certificates());
        servers.add(server);
        return server;
    }

    private static Scenario scenario(String name) {
        return new ScenarioLoader(TestServers.SCENARIOS).load(name).withListener("127.0.0.1", 0);
    }

    /** A healthy upstream and a proxy of {@code proxyScenario} in front of it with {@code encrypt}. */
    private void start(String proxyScenario, Scenario.UpstreamEncryption encrypt) {
        upstream = start(scenario("healthy"));
        proxy = start(scenario(proxyScenario).withUpstream(settings(upstream.port(), encrypt, Optional.empty(), "")));
    }

    private static Scenario.Upstream settings(int port, Scenario.UpstreamEncryption encrypt,
                                              Optional<java.nio.file.Path> trustCa, String hostName) {
        return new Scenario.Upstream("127.0.0.1", port, encrypt, trustCa, hostName, Scenario.UpstreamRouting.FOLLOW,
                Duration.ofSeconds(5));
    }

    private Connection connect(String application) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + proxy.port() + ";user=sa;password=Secret123!;"
                + "encrypt=true;trustServerCertificate=true;loginTimeout=15;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;applicationName=" + application);
    }

    private static List<String> names(Connection connection) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(FOUR_ROWS)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    @Test
    void queriesWithParametersAndRowsGoThroughAndBothJournalsTellIt() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        try (Connection connection = connect("proxy-queries")) {
            assertEquals(List.of("master", "tempdb", "model", "msdb"), names(connection));
            try (PreparedStatement statement = connection.prepareStatement("SELECT ? AS answer, ? AS name")) {
                for (int run = 1; run <= 3; run++) {
                    statement.setInt(1, 40 + run);
                    statement.setString(2, "run " + run);
                    try (ResultSet rows = statement.executeQuery()) {
                        assertTrue(rows.next());
                        assertEquals(40 + run, rows.getInt("answer"));
                        assertEquals("run " + run, rows.getString("name"));
                        assertFalse(rows.next());
                    }
                }
            }
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-queries");
        ConnectionRecord.Upstream leg = front.upstream();
        assertNotNull(leg, front.toString());
        assertEquals("127.0.0.1:" + upstream.port(), leg.server());
        assertEquals("on", leg.encryption());
        assertTrue(leg.tls().startsWith("TLSv1."), leg.tls());
        assertEquals("0x74000004", leg.tdsVersion());
        assertTrue(leg.requests() >= 4, leg.toString());
        assertTrue(front.statements().contains(FOUR_ROWS), front.statements().toString());
        assertTrue(front.statements().contains("SELECT @P0 AS answer, @P1 AS name"), front.statements().toString());
        assertTrue(front.statements().contains("EXEC sp_execute"), "the third run executes the prepared handle: "
                + front.statements());
        assertEquals("closed by the listener: the client connection ended", leg.ending());
        assertFalse(dev.tdsmock.journal.JournalJson.line(front).contains("Secret123!"), "the password is never journalled");

        ConnectionRecord behind = Journals.awaitEndedApplication(upstream, "proxy-queries");
        assertEquals("sa", behind.login().userName());
        assertEquals("Secret123!", behind.login().password(), "the client's own password reached the upstream");
        assertEquals(leg.localAddress(), behind.clientAddress() + ":" + behind.clientPort());
        assertTrue(behind.statements().contains(FOUR_ROWS), behind.statements().toString());
        assertEquals(3, behind.statements().stream().filter(s -> s.startsWith("SELECT @P0 AS answer")).count(),
                behind.statements().toString());
    }

    @Test
    void theConsoleLineNamesTheUpstream() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        try (dev.tdsmock.support.LogCapture log = new dev.tdsmock.support.LogCapture()) {
            try (Connection connection = connect("proxy-console")) {
                assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
            }
            ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-console");
            log.awaitLine("#" + front.id() + " 127.0.0.1:" + front.clientPort() + " ",
                    "through upstream 127.0.0.1:" + upstream.port() + ", 1 statement");
        }
    }

    @ParameterizedTest
    @EnumSource(Scenario.UpstreamEncryption.class)
    void eachEncryptionOfTheUpstreamLeg(Scenario.UpstreamEncryption encrypt) throws Exception {
        start("healthy", encrypt);
        String application = "proxy-encrypt-" + encrypt;
        try (Connection connection = connect(application)) {
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
        }
        ConnectionRecord.Upstream leg = Journals.awaitEndedApplication(proxy, application).upstream();
        String expected = switch (encrypt) {
            case STRICT -> "strict";
            case ON -> "on";
            case OFF -> "login-only"; // the healthy upstream supports encryption without forcing it
        };
        assertEquals(expected, leg.encryption(), leg.toString());
        ConnectionRecord behind = Journals.awaitEndedApplication(upstream, application);
        assertNotNull(behind.tls(), behind.toString());
        assertEquals(encrypt == Scenario.UpstreamEncryption.OFF, behind.tls().contains("LOGIN7 only"), behind.tls());
    }

    @Test
    void theUpstreamCertificateIsCheckedAgainstTrustCa() throws Exception {
        upstream = start(scenario("healthy"));
        java.nio.file.Path ca = TestServers.certificates().caPem();
        proxy = start(scenario("healthy").withUpstream(settings(upstream.port(), Scenario.UpstreamEncryption.ON,
                Optional.of(ca.toAbsolutePath()), "127.0.0.1")));
        try (Connection connection = connect("proxy-trusted")) {
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
        }
        TdsServer wrongName = start(scenario("healthy").withUpstream(settings(upstream.port(),
                Scenario.UpstreamEncryption.ON, Optional.of(ca.toAbsolutePath()), "not-this-server.example")));
        proxy = wrongName;
        try (dev.tdsmock.support.LogCapture pipeline = new dev.tdsmock.support.LogCapture("io.netty.channel")) {
            SQLException refused = assertThrows(SQLException.class, () -> connect("proxy-wrong-name").close());
            assertEquals(50000, refused.getErrorCode(), refused.toString());
            assertTrue(refused.getMessage().contains("presented a certificate this listener does not accept"),
                    refused.getMessage());
            ConnectionRecord front = Journals.awaitEndedApplication(wrongName, "proxy-wrong-name");
            assertEquals(Ending.Kind.FIN, front.ending().kind());
            assertNull(front.upstream().tls(), front.upstream().toString());
            assertTrue(front.upstream().ending().startsWith("presented a certificate"), front.upstream().toString());
            assertEquals(0, pipeline.count("reached at the tail of the pipeline"), pipeline.lines().toString());
        }
    }

    @Test
    void aLoginErrorOnTheProxyNeverReachesTheUpstream() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        proxy.faults().add(FaultReader.read("{ type = login-error, number = 18456, class = 14, state = 1 }"));
        SQLException refused = assertThrows(SQLException.class, () -> connect("proxy-login-error").close());
        assertEquals(18456, refused.getErrorCode(), refused.toString());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-login-error");
        assertEquals("never connected: the connection ended before its login was relayed", front.upstream().ending(),
                front.toString());
        assertNull(front.upstream().localAddress());
        assertTrue(upstream.journal().records().isEmpty(), upstream.journal().records().toString());
    }

    @Test
    void aTlsRefusalOnTheProxyIsTheClientsOwn() {
        upstream = start(scenario("healthy"));
        proxy = start(scenario("tls10-only").withUpstream("127.0.0.1", upstream.port()));
        SQLException refused = assertThrows(SQLException.class, () -> connect("proxy-tls10").close());
        assertTrue(refused.getMessage().contains("TLS") || refused.getMessage().contains("SSL"), refused.getMessage());
        assertTrue(upstream.journal().records().isEmpty(), upstream.journal().records().toString());
    }

    @Test
    void aDelayAtLoginHoldsTheLoginThenItGoesThrough() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        proxy.faults().add(FaultReader.read("{ type = delay, at = login, for = 300ms }"));
        try (Connection connection = connect("proxy-delay")) {
            assertEquals(4, names(connection).size());
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-delay");
        assertEquals("delay", front.faults().get(0).type(), front.toString());
        assertEquals("0x74000004", front.upstream().tdsVersion());
    }

    @Test
    void aCloseAfterTwoRowsCountsTheUpstreamsRows() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        proxy.faults().add(FaultReader.read("{ type = close, at = request, rows = 2, ending = rst }"));
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect("proxy-mid-stream")) {
            SQLException broken = assertThrows(SQLException.class, () -> {
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(FOUR_ROWS)) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            });
            assertTrue(broken.getMessage().toLowerCase().contains("reset")
                    || broken.getMessage().toLowerCase().contains("closed"), broken.getMessage());
        }
        assertEquals(List.of("master", "tempdb"), rows);
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-mid-stream");
        assertEquals(Ending.Kind.RST, front.ending().kind(), front.toString());
        assertEquals("request", front.ending().during());
        ConnectionRecord behind = Journals.awaitEndedApplication(upstream, "proxy-mid-stream");
        assertTrue(behind.statements().contains(FOUR_ROWS), "the upstream answered the whole query: " + behind);
    }

    @Test
    void anErrorAfterOneRowAndTheSessionGoesOnThroughTheUpstream() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        proxy.faults().add(FaultReader.read("{ type = error-after-rows, at = request, rows = 1, number = 1205,"
                + " class = 13, times = 1, message = \"Transaction (Process ID 51) was deadlocked on lock resources"
                + " with another process and has been chosen as the deadlock victim. Rerun the transaction.\" }"));
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect("proxy-deadlock")) {
            SQLException deadlock = assertThrows(SQLException.class, () -> {
                try (Statement statement = connection.createStatement();
                     ResultSet result = statement.executeQuery(FOUR_ROWS)) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            });
            assertEquals(1205, deadlock.getErrorCode(), deadlock.toString());
            assertEquals(List.of("master"), rows);
            assertEquals(4, names(connection).size(), "the session goes on");
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-deadlock");
        assertEquals(1205, front.errors().get(0).number(), front.toString());
        assertEquals(2, Journals.awaitEndedApplication(upstream, "proxy-deadlock").statements().stream()
                .filter(FOUR_ROWS::equals).count());
    }

    @Test
    void aBrokenAnswerFromTheProxy() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        proxy.faults().add(FaultReader.read("{ type = malformed-answer, at = request, kind = unknown-token }"));
        try (Connection connection = connect("proxy-malformed")) {
            assertThrows(SQLException.class, () -> names(connection));
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-malformed");
        assertEquals("malformed-answer", front.faults().get(0).type(), front.toString());
    }

    @Test
    void theUpstreamsLoginErrorReachesTheClient() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        upstream.faults().add(FaultReader.read("{ type = login-error, number = 18456, class = 14, state = 8,"
                + " message = \"Login failed for user 'sa'.\" }"));
        SQLException refused = assertThrows(SQLException.class, () -> connect("proxy-upstream-refuses").close());
        assertEquals(18456, refused.getErrorCode(), refused.toString());
        assertTrue(refused.getMessage().contains("Login failed for user 'sa'."), refused.getMessage());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-upstream-refuses");
        assertEquals(18456, front.errors().get(0).number(), front.toString());
        assertTrue(front.ending().reason().contains("refused the login with error 18456"), front.ending().reason());
        assertNull(front.upstream().tdsVersion(), "no LOGINACK");
    }

    @Test
    void anUpstreamResetReachesTheClientAsAReset() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        upstream.faults().add(FaultReader.read("{ type = close, at = request, ending = rst }"));
        try (Connection connection = connect("proxy-upstream-reset")) {
            SQLException reset = assertThrows(SQLException.class, () -> names(connection));
            assertTrue(reset.getMessage().toLowerCase().contains("reset")
                    || reset.getMessage().toLowerCase().contains("closed"), reset.getMessage());
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-upstream-reset");
        assertEquals(Ending.Kind.RST, front.ending().kind(), front.toString());
        assertTrue(front.upstream().ending().startsWith("reset by the upstream"), front.upstream().toString());
    }

    @Test
    void anUpstreamThatCannotBeReachedIsAFatalErrorNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        proxy = start(scenario("healthy").withUpstream("127.0.0.1", closedPort));
        SQLException refused = assertThrows(SQLException.class, () -> connect("proxy-unreachable").close());
        assertEquals(50000, refused.getErrorCode(), refused.toString());
        assertTrue(refused.getMessage().contains("127.0.0.1:" + closedPort + " could not be reached"),
                refused.getMessage());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-unreachable");
        assertEquals(Ending.Kind.FIN, front.ending().kind());
        assertEquals("login", front.ending().during());
    }

    @Test
    void aQueryTimeoutsAttentionReachesTheUpstreamAndTheSessionGoesOn() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        upstream.faults().add(FaultReader.read("{ type = delay, at = request, for = 30s, times = 1 }"));
        // fires when the ATTENTION reaches the upstream, which the journal then shows
        upstream.faults().add(FaultReader.read("{ type = delay, at = attention, for = 10ms }"));
        try (Connection connection = connect("proxy-attention")) {
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout(1);
                SQLException timedOut = assertThrows(SQLException.class,
                        () -> statement.execute("WAITFOR DELAY '00:00:05'"));
                assertTrue(timedOut.getMessage().contains("timed out"), timedOut.getMessage());
            }
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue(), "the session goes on");
        }
        ConnectionRecord behind = Journals.awaitEndedApplication(upstream, "proxy-attention");
        assertTrue(behind.faults().stream().anyMatch(f -> f.step().equals("attention")),
                "the upstream got the ATTENTION: " + behind);
        assertTrue(behind.statements().contains("SELECT 1"), behind.toString());
    }

    @Test
    void aGateAtLoginHoldsTheClientBeforeTheUpstreamIsAsked() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        dev.tdsmock.faults.InstalledFault fault = proxy.faults().add(FaultReader.read("{ type = gate, at = login }"));
        dev.tdsmock.faults.types.GateFault.Gate gate = (dev.tdsmock.faults.types.GateFault.Gate) fault.fault();
        java.util.concurrent.CompletableFuture<Object> login = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Connection connection = connect("proxy-gate")) {
                return Jdbc.single(connection, "SELECT 1");
            } catch (SQLException e) {
                return e;
            }
        });
        gate.waitingAtLeast(1).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(upstream.journal().records().isEmpty(), "the upstream is not asked while the gate holds");
        assertEquals(1, gate.release(1));
        assertEquals(1, ((Number) login.get(30, java.util.concurrent.TimeUnit.SECONDS)).intValue());
        assertEquals("proxy-gate", Journals.awaitEndedApplication(upstream, "proxy-gate").login().appName());
    }

    @Test
    void jtdsGoesThroughToo() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        try (Connection connection = DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:" + proxy.port()
                + "/master;user=sa;password=Secret123!;loginTimeout=15;ssl=require;appName=proxy-jtds");
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS answer")) {
            statement.setInt(1, 7);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(7, rows.getInt(1));
            }
            assertEquals(4, names(connection).size());
        }
        ConnectionRecord behind = Journals.awaitEndedApplication(upstream, "proxy-jtds");
        assertTrue(behind.statements().contains(FOUR_ROWS), behind.toString());
    }

    @Test
    void aLargeAnswerComesThroughWhole() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        String text = "0123456789".repeat(150_000); // 3 MB each way in UTF-16: past the socket's buffers
        try (Connection connection = connect("proxy-large")) {
            for (int run = 0; run < 2; run++) {
                assertEquals(text, Jdbc.single(connection, "SELECT N'" + text + "' AS big"));
            }
        }
        ConnectionRecord.Upstream leg = Journals.awaitEndedApplication(proxy, "proxy-large").upstream();
        assertEquals(2, leg.requests(), leg.toString());
    }

    @Test
    void aClientThatGivesUpTakesTheUpstreamConnectionWithIt() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        upstream.faults().add(FaultReader.read("{ type = close, at = accept, ending = silence }"));
        SQLException timedOut = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:sqlserver://localhost:" + proxy.port() + ";user=sa;password=x;encrypt=true;"
                        + "trustServerCertificate=true;loginTimeout=2;connectRetryCount=0;applicationName=proxy-gives-up")
                .close());
        assertTrue(timedOut.getMessage().toLowerCase().contains("timed out")
                || timedOut.getMessage().toLowerCase().contains("timeout"), timedOut.getMessage());
        // a silent upstream never closes: its connection ends only because the listener closed it
        ConnectionRecord behind = Journals.awaitEnded(upstream, 1).get(0);
        assertEquals(Ending.Kind.SILENCE, behind.ending().kind(), behind.toString());
        ConnectionRecord front = Journals.awaitEnded(proxy, 1).get(0);
        assertEquals("closed by the listener: the client left before the upstream answered its login",
                front.upstream().ending(), front.toString());
    }

    @Test
    void theUpstreamsErrorsAfterLoginAreJournalled() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        try (Connection connection = connect("proxy-errors")) {
            SQLException outOfRange = assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1e400"));
            assertEquals(168, outOfRange.getErrorCode(), outOfRange.toString());
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-errors");
        assertEquals(List.of(168), front.errors().stream().map(ConnectionRecord.ErrorAnswered::number).toList(),
                front.toString());
        assertEquals("request", front.errors().get(0).step());
        assertEquals(front.statements().indexOf("SELECT 1e400"), front.errors().get(0).statement(),
                "the error names the statement it answered: " + front);
    }

    @Test
    void aListenerThatWouldRelayToItselfSaysSo() throws Exception {
        proxy = start(scenario("healthy"));
        proxy.changeSettings(proxy.scenario().withUpstream("127.0.0.1", proxy.port()));
        SQLException refused = assertThrows(SQLException.class, () -> connect("proxy-loop").close());
        assertEquals(50000, refused.getErrorCode(), refused.toString());
        assertTrue(refused.getMessage().contains("is this listener itself"), refused.getMessage());
        assertEquals(1, proxy.journal().records().size(), "one connection, not a loop: " + proxy.journal().records());
        assertEquals("not connected: the upstream is this listener itself",
                Journals.awaitEnded(proxy, 1).get(0).upstream().ending());
    }

    @Test
    void aResetAtLoginOnTheProxyNeverReachesTheUpstream() throws Exception {
        start("healthy", Scenario.UpstreamEncryption.ON);
        proxy.faults().add(FaultReader.read("{ type = close, at = login, ending = rst }"));
        assertThrows(SQLException.class, () -> connect("proxy-login-reset").close());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-login-reset");
        assertEquals(Ending.Kind.RST, front.ending().kind(), front.toString());
        assertEquals("login", front.ending().during());
        assertTrue(upstream.journal().records().isEmpty(), upstream.journal().records().toString());
    }
}
