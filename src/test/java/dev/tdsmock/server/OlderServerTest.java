package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** login.tds-version: the sql2000 scenario answers TDS 7.1 whatever the client asks for. */
@Timeout(60)
class OlderServerTest {
    private TdsServer server;

    @BeforeEach
    void start() {
        server = TestServers.start("sql2000");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void jtdsSpeakingTds71LogsInAndQueries() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:" + server.port()
                + "/master;user=sa;password=x;loginTimeout=15;tds=8.0;ssl=off")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            assertTrue(connection.getMetaData().getDatabaseProductVersion().startsWith("08.00.2039"),
                    connection.getMetaData().getDatabaseProductVersion());
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertTrue(record.phases().containsKey("logged-in"), record.toString());
    }

    /**
     * tedious asks for TDS 7.4 and gets 7.1 answers: it reads them with the 7.4 layouts it asked for (8-byte DONE
     * row counts) and its token parser throws "Unknown type: 0", uncaught, which ends the Node process.
     */
    @Test
    void tediousAskingForTds74GetsTds71() throws Exception {
        dev.tdsmock.support.Node.requireTedious();
        dev.tdsmock.support.Node.Result result = dev.tdsmock.support.Node.run(java.util.List.of("node", "try-login.js",
                Integer.toString(server.port()), "15000", "old-server", "SELECT 1"), 60);
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("Error: Unknown type: 0"), result.output());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(dev.tdsmock.wire.TdsVersion.V7_4, record.login().tdsVersion(), record.toString());
    }

    @Test
    void mssqlJdbcRefusesSqlServer2000() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sqlserver://localhost:"
                + server.port() + ";user=sa;password=x;encrypt=false;loginTimeout=15"));
        assertTrue(e.getMessage().contains("SQL Server version 8 is not supported by this driver"), e.getMessage());
    }
}
