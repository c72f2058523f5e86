package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The newest Microsoft JDBC driver against the healthy scenario, in every encryption mode. */
@Timeout(60)
class MssqlJdbcTest {
    private static TdsServer server;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = new LogCapture();
        server = TestServers.start("all-types.conf");
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    private static String url(String host, String options) {
        return "jdbc:sqlserver://" + host + ":" + server.port() + ";user=sa;password=Secret123!;loginTimeout=15;"
                + options;
    }

    private static String trustStore() {
        CertificateStore certificates = TestServers.certificates();
        return "trustStore=" + certificates.caTrustStore().toAbsolutePath() + ";trustStorePassword="
                + CertificateStore.TRUST_STORE_PASSWORD + ";trustStoreType=PKCS12";
    }

    @Test
    void encryptFalseLogsInWithLoginOnlyEncryption() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1", "encrypt=false"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        log.awaitLine("TLS dropped after LOGIN7");
    }

    @Test
    void encryptTrueWithTrustServerCertificate() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                url("127.0.0.1", "encrypt=true;trustServerCertificate=true"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            assertTrue(((String) Jdbc.single(connection, "SELECT @@VERSION")).startsWith("Microsoft SQL Server 2022"));
        }
        log.awaitLine("TLS established: TLSv1.2");
    }

    @Test
    void encryptTrueWithTheCaAndTheHostNameChecked() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("localhost", "encrypt=true;" + trustStore()))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    @Test
    void aHostNameTheCertificateDoesNotNameIsRejected() {
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                url("localhost", "encrypt=true;hostNameInCertificate=db.example.com;" + trustStore())));
        assertTrue(refused.getMessage().contains("db.example.com"), refused.getMessage());
    }

    @Test
    void strictModeWithTheCa() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("localhost", "encrypt=strict;" + trustStore()))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        log.awaitLine("TLS established", "ALPN tds/8.0");
    }

    @Test
    void strictModeOverTls12() throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                url("localhost", "encrypt=strict;sslProtocol=TLSv1.2;" + trustStore()))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        log.awaitLine("TLS established: TLSv1.2", "ALPN tds/8.0");
    }

    @Test
    void messagesLargerThanThePacketSize() throws SQLException {
        String text = "0123456789".repeat(3000);
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1",
                "encrypt=true;trustServerCertificate=true;packetSize=4096"))) {
            assertEquals(text, Jdbc.single(connection, "SELECT N'" + text + "' AS big"));
        }
        log.awaitLine("packet size 4096");
    }

    @Test
    void preparedStatementWithParameters() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1", "encrypt=false"));
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS answer, ? AS name")) {
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
        log.awaitLine("RPC sp_executesql");
        log.awaitLine("RPC sp_prepexec");
        log.awaitLine("RPC sp_execute ");
    }

    @Test
    void scriptedResultWithEveryType() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1", "encrypt=false"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM dbo.all_types")) {
            assertTrue(rows.next());
            assertEquals(2147483647, rows.getInt("c_int"));
            assertEquals(9223372036854775807L, rows.getLong("c_bigint"));
            assertEquals(-32768, rows.getShort("c_smallint"));
            assertEquals(255, rows.getShort("c_tinyint"));
            assertTrue(rows.getBoolean("c_bit"));
            assertEquals(3.5, rows.getDouble("c_float"));
            assertEquals(1.25f, rows.getFloat("c_real"));
            assertEquals(new BigDecimal("12345678.91"), rows.getBigDecimal("c_decimal"));
            assertEquals("Grüße ☃", rows.getString("c_nvarchar"));
            assertEquals("plain text", rows.getString("c_varchar"));
            assertEquals(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456700),
                    rows.getObject("c_datetime2", LocalDateTime.class));
            assertEquals(LocalDate.of(2024, 2, 29), rows.getObject("c_date", LocalDate.class));
            assertEquals("6F9619FF-8B86-D011-B42D-00C04FC964FF", rows.getString("c_guid"));
            assertArrayEquals(HexFormat.of().parseHex("00FF10"), rows.getBytes("c_varbinary"));

            assertTrue(rows.next());
            for (int column = 1; column <= 14; column++) {
                assertNull(rows.getObject(column), "column " + column + " of the NULL row");
            }
            assertFalse(rows.next());
        }
    }

    @Test
    void scriptedErrorReachesTheApplication() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1", "encrypt=false"));
             Statement statement = connection.createStatement()) {
            SQLException error = assertThrows(SQLException.class,
                    () -> statement.executeUpdate("DELETE FROM dbo.protected WHERE id = 1"));
            assertEquals(547, error.getErrorCode());
            assertTrue(error.getMessage().contains("REFERENCE constraint"), error.getMessage());
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "the session goes on after an error");
        }
    }

    @Test
    void unknownStatementGetsAnEmptyAnswerCountedInTheJournal() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1",
                "encrypt=false;applicationName=unanswered"));
             Statement statement = connection.createStatement()) {
            assertFalse(statement.execute("UPDATE nowhere SET x = 1"));
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        log.awaitLine("DEBUG", "no answer for 'UPDATE nowhere SET x = 1'");
        dev.tdsmock.journal.ConnectionRecord record = dev.tdsmock.support.Journals.awaitEndedApplication(server, "unanswered");
        assertEquals(1, record.unanswered(), record.toString());
        log.awaitLine("INFO", "1 without an answer", "closed by the client");
    }

    @Test
    void builtInAnswers() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("127.0.0.1", "encrypt=false"))) {
            assertEquals("16.0.1000.6", Jdbc.single(connection, "SELECT SERVERPROPERTY('ProductVersion')"));
            assertEquals("master", Jdbc.single(connection, "SELECT DB_NAME()"));
            assertEquals("sa", Jdbc.single(connection, "SELECT SYSTEM_USER"));
            try (Statement statement = connection.createStatement()) {
                assertFalse(statement.execute("SET NOCOUNT ON"));
            }
            assertEquals("text", Jdbc.single(connection, "SELECT N'text' AS t;"));
        }
    }
}
