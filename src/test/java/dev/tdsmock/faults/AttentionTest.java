package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.faults.types.GateFault;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling a statement from mssql-jdbc 13 (Statement.cancel() sends ATTENTION) while a gate holds its answer,
 * and faults on the acknowledgement (the attention step).
 */
@Timeout(60)
class AttentionTest {
    private TdsServer server;
    private GateFault.Gate gate;

    @BeforeEach
    void start() {
        server = TestServers.start("healthy");
        gate = (GateFault.Gate) server.faults().add(FaultReader.read("{ type = gate, at = request, times = 1 }")).fault();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;"
                + "encrypt=false;loginTimeout=15;connectRetryCount=0;transparentNetworkIPResolution=false");
    }

    /** Runs SELECT 1 on another thread, waits until the gate holds it, cancels it; returns what the query met. */
    private Throwable cancelHeldQuery(Statement statement) throws Exception {
        CompletableFuture<Object> query = CompletableFuture.supplyAsync(() -> {
            try {
                return statement.executeQuery("SELECT 1").next();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        gate.waitingAtLeast(1).get(30, TimeUnit.SECONDS);
        statement.cancel();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> query.get(30, TimeUnit.SECONDS));
        return failed.getCause().getCause();
    }

    @Test
    void aCancelledStatementIsAcknowledgedAndTheSessionGoesOn() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            Throwable cancelled = cancelHeldQuery(statement);
            assertTrue(cancelled.getMessage().contains("canceled"), cancelled.getMessage());
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "the session goes on");
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(List.of("SELECT 1"), record.statements(), "only the second statement was answered");
        assertEquals(0, gate.waiting());
    }

    @Test
    void aDelayedAcknowledgementStillEndsTheCancel() throws Exception {
        InstalledFault delay = server.faults().add(FaultReader.read("{ type = delay, at = attention, for = 1500ms }"));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            Throwable cancelled = cancelHeldQuery(statement);
            assertTrue(cancelled.getMessage().contains("canceled"), cancelled.getMessage());
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        assertEquals(1, delay.fired());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertTrue(record.faults().stream().anyMatch(f -> f.step().equals("attention")), record.toString());
    }

    @Test
    void anAcknowledgementAnsweredWithAReset() throws Exception {
        server.faults().add(FaultReader.read("{ type = close, at = attention, ending = rst }"));
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            Throwable failed = cancelHeldQuery(statement);
            assertTrue(failed instanceof SQLException, failed.toString());
            assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.RST, record.ending().kind());
        assertTrue(record.ending().reason().contains("close at attention"), record.toString());
    }
}
