package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.microsoft.sqlserver.jdbc.SQLServerDataTable;
import com.microsoft.sqlserver.jdbc.SQLServerPreparedStatement;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLXML;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Parameters of type xml, sql_variant and table types from mssql-jdbc 13, which once ended the session: the client
 * gets the value back or an error, and the same connection answers {@code SELECT 1} afterwards.
 */
@Timeout(60)
class MssqlJdbcExtendedParametersTest {
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

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;"
                + "password=Secret123!;loginTimeout=15;encrypt=false;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false");
    }

    private static void assertSessionGoesOn(Connection connection) throws SQLException {
        assertEquals(1, Jdbc.single(connection, "SELECT 1"));
    }

    private static Object selectOne(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                throw new AssertionError("no row");
            }
            return rows.getObject(1);
        }
    }

    /** An xml parameter comes back as its text (tds-mock answers it as nvarchar(max), not xml). */
    @Test
    void xmlParameterIsEchoedAsItsText() throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS v")) {
            SQLXML xml = connection.createSQLXML();
            xml.setString("<order id=\"7\"><item>жук</item></order>");
            statement.setSQLXML(1, xml);
            assertEquals("<order id=\"7\"><item>жук</item></order>", selectOne(statement));
            statement.setNull(1, java.sql.Types.SQLXML);
            assertEquals(null, selectOne(statement));
            assertSessionGoesOn(connection);
        }
    }

    /**
     * A value set as SQL_VARIANT comes back: mssql-jdbc 13 sends it as its base type (int, nvarchar), not as a
     * sql_variant, which it only sends inside a TVP (see below).
     */
    @Test
    void sqlVariantParametersAreEchoedAsTheirBaseType() throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS v")) {
            statement.setObject(1, 42, microsoft.sql.Types.SQL_VARIANT);
            assertEquals(42, selectOne(statement));
            statement.setObject(1, "hello", microsoft.sql.Types.SQL_VARIANT);
            assertEquals("hello", selectOne(statement));
            assertSessionGoesOn(connection);
        }
    }

    /**
     * A table-valued parameter is read past, all its rows (among them sql_variant values, which mssql-jdbc sends as
     * sql_variant only in TVPs), and answered with error 50000 naming its type.
     */
    @Test
    void tableValuedParameterIsAnsweredWithAnError() throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM ? AS t")) {
            SQLServerDataTable table = new SQLServerDataTable();
            table.addColumnMetadata("id", java.sql.Types.INTEGER);
            table.addColumnMetadata("name", java.sql.Types.NVARCHAR);
            table.addColumnMetadata("any", microsoft.sql.Types.SQL_VARIANT);
            table.addColumnMetadata("doc", java.sql.Types.LONGNVARCHAR);
            for (int i = 1; i <= 5; i++) {
                table.addRow(i, "row " + i, i % 2 == 0 ? (Object) ("v" + i) : (Object) Integer.valueOf(i),
                        "<r n=\"" + i + "\"/>");
            }
            table.addRow(6, null, 6L, null);
            statement.unwrap(SQLServerPreparedStatement.class).setStructured(1, "dbo.IdList", table);
            SQLException e = assertThrows(SQLException.class, statement::executeQuery);
            assertEquals(50000, e.getErrorCode(), e.getMessage());
            assertEquals("tds-mock cannot answer this request: parameter 3 (\"@P0\") is a table-valued parameter of"
                    + " type dbo.IdList, which tds-mock does not take.", e.getMessage());
            assertSessionGoesOn(connection);
        }
    }
}
