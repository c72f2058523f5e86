package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Dying mid-stream: the answer to "select name from sys.databases" (four rows in the healthy scenario) cut after
 * some rows by a close or an error, as mssql-jdbc 13 and tedious meet it.
 */
@Timeout(60)
class MidStreamTest {
    private static final String FOUR_ROWS = "select name from sys.databases";
    private TdsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String fault) {
        server = TestServers.start("healthy");
        server.faults().add(FaultReader.read(fault));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;"
                + "encrypt=false;loginTimeout=15;connectRetryCount=0;transparentNetworkIPResolution=false");
    }

    /** The rows read before the failure, and the failure. */
    private record Read(List<String> rows, SQLException failure) {
    }

    private static Read read(Connection connection) {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(FOUR_ROWS)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
            return new Read(rows, null);
        } catch (SQLException e) {
            return new Read(rows, e);
        }
    }

    @Test
    void closeAfterTwoRows() throws Exception {
        start("{ type = close, at = request, rows = 2, ending = fin }");
        try (Connection connection = connect()) {
            Read read = read(connection);
            assertEquals(List.of("master", "tempdb"), read.rows());
            assertTrue(read.failure() != null && read.failure().getMessage().toLowerCase().contains("closed"),
                    String.valueOf(read.failure()));
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.FIN, record.ending().kind());
        assertEquals("request", record.ending().during());
        assertEquals("ended the connection: fin after 2 rows", record.faults().get(0).effect());
    }

    @Test
    void aDeadlockAfterOneRowAndTheSessionGoesOn() throws Exception {
        start("{ type = error-after-rows, at = request, rows = 1, number = 1205, class = 13, times = 1,"
                + " message = \"Transaction (Process ID 51) was deadlocked on lock resources with another process and"
                + " has been chosen as the deadlock victim. Rerun the transaction.\" }");
        try (Connection connection = connect()) {
            Read read = read(connection);
            assertEquals(List.of("master"), read.rows());
            assertEquals(1205, read.failure().getErrorCode(), read.failure().toString());
            assertTrue(read.failure().getMessage().contains("deadlock victim"), read.failure().getMessage());
            assertEquals(4, read(connection).rows().size(), "the session goes on");
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
        assertEquals(1, record.errors().size(), record.errors().toString());
        assertEquals(1205, record.errors().get(0).number());
        assertEquals(13, record.errors().get(0).severity());
    }

    @Test
    void aFatalErrorEndsTheConnection() throws Exception {
        start("{ type = error-after-rows, at = request, rows = 3, number = 40197, class = 20,"
                + " message = \"The service has encountered an error processing your request. Please try again.\" }");
        try (Connection connection = connect()) {
            Read read = read(connection);
            assertEquals(3, read.rows().size());
            assertEquals(40197, read.failure().getErrorCode(), read.failure().toString());
            assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.FIN, record.ending().kind());
        assertEquals(Ending.Side.SERVER, record.ending().by());
        assertTrue(record.ending().reason().contains("error 40197 of class 20 after 3 rows"), record.toString());
    }

    @Test
    void tediousMeetsADeadlockAfterOneRow() throws Exception {
        Node.requireTedious();
        start("{ type = error-after-rows, at = request, rows = 1, number = 1205, class = 13, skip = 1,"
                + " message = \"Transaction (Process ID 51) was deadlocked on lock resources with another process and"
                + " has been chosen as the deadlock victim. Rerun the transaction.\" }");
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(server.port()), "15000",
                "reader", FOUR_ROWS), 60);
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError(result.output()));
        JsonNode outcome = JournalJson.mapper().readTree(line);
        assertTrue(outcome.get("error").asText().contains("deadlock victim"), outcome.toString());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Side.CLIENT, record.ending().by(), "a class 13 error leaves the session open: " + record);
    }

    /** tedious sends a batch of SET options of its own first: skip = 1 spares it. */
    @Test
    void tediousMeetsAResetAfterTwoRows() throws Exception {
        Node.requireTedious();
        start("{ type = close, at = request, rows = 2, ending = rst, skip = 1 }");
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(server.port()), "15000",
                "reader", FOUR_ROWS), 60);
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError(result.output()));
        JsonNode outcome = JournalJson.mapper().readTree(line);
        assertTrue(outcome.get("connected").asBoolean(), outcome.toString());
        // tedious words a lost connection after which of its events comes first
        assertTrue(outcome.get("error").asText().matches(".*(socket hang up|ECONNRESET).*"), outcome.toString());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.RST, record.ending().kind());
        assertFalse(record.faults().isEmpty());
    }
}
