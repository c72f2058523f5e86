package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * route: a gateway (listener A) sends the client to log in again at listener B, as an Azure SQL gateway's redirect
 * and an availability group's read-only routing do; mssql-jdbc 13 and tedious follow it, and B's journal names the
 * connection of A that routed it.
 */
@Timeout(60)
class RoutingTest {
    private TdsServer gateway;
    private TdsServer target;

    @BeforeEach
    void start() {
        gateway = TestServers.start("healthy");
        target = TestServers.start("healthy");
    }

    @AfterEach
    void stop() {
        gateway.close();
        target.close();
    }

    private void route(String when) {
        gateway.faults().add(FaultReader.read("{ type = route, to = \"localhost:" + target.port() + "\", when = "
                + when + " }"));
    }

    private String url(String properties) {
        return "jdbc:sqlserver://localhost:" + gateway.port() + ";user=sa;password=x;encrypt=false;loginTimeout=15;"
                + properties;
    }

    private void assertRouted(ConnectionRecord routed) {
        assertEquals("localhost:" + target.port(), routed.routedTo(), routed.toString());
        List<ConnectionRecord> arrived = Journals.awaitEnded(target, 1);
        assertEquals("#" + routed.id() + " on port " + gateway.port(), arrived.get(0).routedFrom(), arrived.toString());
        assertEquals(List.of("SELECT 1"), arrived.get(0).statements().stream().filter(s -> s.equals("SELECT 1")).toList());
    }

    @Test
    void mssqlJdbcFollowsAnAzureStyleRedirect() throws Exception {
        route("always");
        try (Connection connection = DriverManager.getConnection(url(""))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord routed = Journals.awaitEnded(gateway, 1).get(0);
        assertEquals("routed to localhost:" + target.port(), routed.faults().get(0).effect());
        assertTrue(routed.statements().isEmpty(), "nothing ran at the gateway");
        assertRouted(routed);
    }

    @Test
    void readOnlyRoutingSendsOnlyReadOnlyIntent() throws Exception {
        route("read-only-intent");
        try (Connection connection = DriverManager.getConnection(url(""))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "read-write: served by the primary");
        }
        ConnectionRecord primary = Journals.awaitEnded(gateway, 1).get(0);
        assertNull(primary.routedTo(), primary.toString());
        assertTrue(primary.faults().isEmpty());

        try (Connection connection = DriverManager.getConnection(url("applicationIntent=ReadOnly"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord routed = Journals.awaitEnded(gateway, 2).get(1);
        assertRouted(routed);
    }

    /**
     * SqlClient's "go back to the gateway" case: the first login at the target fails with a transient error.
     * mssql-jdbc 13 (no retries: connectRetryCount=0) reports the target's error.
     */
    @Test
    void aTransientErrorAtTheTarget() throws Exception {
        route("always");
        target.faults().add(FaultReader.read("{ type = login-error, number = 40613, times = 1 }"));
        java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> DriverManager.getConnection(url("connectRetryCount=0;transparentNetworkIPResolution=false")));
        assertEquals(40613, e.getErrorCode(), e.toString());
        ConnectionRecord refused = Journals.awaitEnded(target, 1).get(0);
        assertEquals("#1 on port " + gateway.port(), refused.routedFrom());
        try (Connection connection = DriverManager.getConnection(url(""))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "the next try gets through");
        }
    }

    /** to = a scenario name: the gateway's process serves it on a free port for as long as the gateway runs. */
    @Test
    void aRouteToAScenarioThisProcessServes() throws Exception {
        InstalledFault route = gateway.faults().add(FaultReader.read("{ type = route, to = healthy }"));
        Effect.Route target = (Effect.Route) route.fault().effect(null);
        assertTrue(target.port() != gateway.port() && target.port() != this.target.port(), target.toString());
        try (Connection connection = DriverManager.getConnection(url(""))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord routed = Journals.awaitEnded(gateway, 1).get(0);
        assertEquals(target.host() + ":" + target.port(), routed.routedTo());
        assertTrue(routed.statements().isEmpty(), "the query ran at the target");
        gateway.close();
        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> new java.net.Socket(target.host(), target.port()).close());
        assertTrue(refused instanceof java.net.ConnectException, refused.toString());
        gateway = TestServers.start("healthy"); // for stop()
    }

    @Test
    void aRouteToAScenarioThatDoesNotExistIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> gateway.faults().add(FaultReader.read("{ type = route, to = no-such-scenario }")));
        assertTrue(e.getMessage().contains("no scenario 'no-such-scenario'"), e.getMessage());
    }

    @Test
    void tediousWithReadOnlyIntentIsRouted() throws Exception {
        Node.requireTedious();
        route("read-only-intent");
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(gateway.port()), "15000",
                "reporting", "SELECT 1", "readonly"), 60);
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError(result.output()));
        assertEquals("[1]", String.valueOf(JournalJson.mapper().readTree(line).get("values")), line);
        assertRouted(Journals.awaitEnded(gateway, 1).get(0));
    }

    @Test
    void tediousFollowsARedirect() throws Exception {
        Node.requireTedious();
        route("always");
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(gateway.port()), "15000",
                "routed-app", "SELECT 1"), 60);
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError(result.output()));
        JsonNode outcome = JournalJson.mapper().readTree(line);
        assertEquals("[1]", String.valueOf(outcome.get("values")), outcome.toString());
        assertRouted(Journals.awaitEnded(gateway, 1).get(0));
    }
}
