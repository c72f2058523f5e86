package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jTDS 1.3.1: TDS 7.1, its own start-up batch, and TLS without certificate checks. */
@Timeout(60)
class JtdsTest {
    private static TdsServer server;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = new LogCapture();
        server = TestServers.start("healthy");
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    private static Connection connect(String ssl) throws SQLException {
        return DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:" + server.port()
                + "/master;user=sa;password=Secret123!;loginTimeout=15;ssl=" + ssl);
    }

    @Test
    void sslOff() throws SQLException {
        try (Connection connection = connect("off")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            assertEquals("master", Jdbc.single(connection, "SELECT DB_NAME()"));
        }
        log.awaitLine("SQLBatch: SELECT @@MAX_PRECISION");
    }

    /** tds=7.0: no collation, so the login answer names the character set and Unicode sort order instead. */
    @Test
    void tds70() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:" + server.port()
                + "/master;user=sa;password=Secret123!;loginTimeout=15;tds=7.0;appName=jtds-tds70")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            assertEquals("abc", Jdbc.single(connection, "SELECT 'abc'"));
            assertEquals("master", Jdbc.single(connection, "SELECT DB_NAME()"));
            try (PreparedStatement statement = connection.prepareStatement("SELECT ? AS a, ? AS b")) {
                statement.setInt(1, 7);
                statement.setString(2, "seven");
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    assertEquals(7, rows.getInt(1));
                    assertEquals("seven", rows.getString(2));
                }
            }
        }
        dev.tdsmock.journal.ConnectionRecord record = dev.tdsmock.support.Journals.awaitEndedApplication(server, "jtds-tds70");
        assertEquals(0x70000000L, record.login().tdsVersion());
        assertEquals(dev.tdsmock.journal.Ending.Side.CLIENT, record.ending().by(), record.toString());
    }

    @Test
    void sslRequire() throws SQLException {
        try (Connection connection = connect("require")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        log.awaitLine("TLS established: TLSv1.2");
    }

    /**
     * ssl=request: ENCRYPT_OFF, so TLS covers LOGIN7 only (MS-TDS 2.2.6.5), and jTDS closes its TLS layer right
     * after sending LOGIN7, emptying its socket as it does. The healthy server answers 20 ms after leaving TLS
     * (login.login-only-answer-after); answered at once, 13 of 60 such logins hung until jTDS's own timeout.
     */
    @Test
    void sslRequestLogsInEveryTime() throws SQLException {
        for (int i = 0; i < 20; i++) {
            try (Connection connection = connect("request")) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"), "login " + i);
            }
        }
        log.awaitLine("TLS dropped after LOGIN7");
    }

    /** The journal says TLS covered the login only. */
    @Test
    void sslRequestIsJournalledAsLoginOnlyTls() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:" + server.port()
                + "/master;user=sa;password=Secret123!;loginTimeout=15;ssl=request;appName=jtds-login-only")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        dev.tdsmock.journal.ConnectionRecord record = dev.tdsmock.support.Journals.awaitEndedApplication(server, "jtds-login-only");
        org.junit.jupiter.api.Assertions.assertTrue(record.tls().startsWith("TLSv1.2 ")
                && record.tls().endsWith(", LOGIN7 only (encryption OFF)"), record.tls());
    }

    /** The same with a fault holding the login answer too: the two waits add up, and jTDS gets in. */
    @Test
    void sslRequestWithAHeldLoginAnswer() throws SQLException {
        server.faults().add(dev.tdsmock.faults.FaultReader.read("{ type = delay, at = login, for = 300ms }"));
        try (Connection connection = connect("request")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        } finally {
            server.faults().clear();
        }
    }

    @Test
    void preparedStatement() throws SQLException {
        try (Connection connection = connect("off");
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS n")) {
            statement.setInt(1, 7);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertEquals(7, rows.getInt(1));
            }
        }
    }
}
