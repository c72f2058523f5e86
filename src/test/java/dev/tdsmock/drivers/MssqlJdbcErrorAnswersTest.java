package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import microsoft.sql.DateTimeOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Valid SQL that once ended the session: mssql-jdbc 13 gets SQL Server's value or SQL Server's error, and the same
 * connection answers {@code SELECT 1} afterwards.
 */
@Timeout(60)
class MssqlJdbcErrorAnswersTest {
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

    private static Connection connect(String options) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;"
                + "password=Secret123!;loginTimeout=15;encrypt=false;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;" + options);
    }

    private static void assertSessionGoesOn(Connection connection) throws SQLException {
        assertEquals(1, Jdbc.single(connection, "SELECT 1"));
    }

    private static SQLException assertError(Connection connection, String sql, int number) {
        SQLException e = assertThrows(SQLException.class, () -> Jdbc.single(connection, sql));
        assertEquals(number, e.getErrorCode(), e.getMessage());
        return e;
    }

    @Test
    void aVarcharConstantOutsideCodePage1252IsAQuestionMark() throws SQLException {
        try (Connection connection = connect("")) {
            assertEquals("?", Jdbc.single(connection, "SELECT 'ж'"));
            assertEquals("ж", Jdbc.single(connection, "SELECT N'ж'"));
            assertSessionGoesOn(connection);
        }
    }

    @Test
    void aNumberConstantOfMoreThan38DigitsIsAFloat() throws SQLException {
        try (Connection connection = connect("")) {
            assertEquals(1.2345678901234568E41, Jdbc.single(connection, "SELECT 123456789012345678901234567890123456789012"));
            SQLException e = assertError(connection, "SELECT 1e400", 168);
            assertEquals("The floating point value '1e400' is out of the range of computer representation (8 bytes).",
                    e.getMessage());
            assertSessionGoesOn(connection);
        }
    }

    @Test
    void theJournalKeepsEachErrorWithTheStatementItAnswered() throws SQLException {
        try (Connection connection = connect("applicationName=journal-of-errors")) {
            assertSessionGoesOn(connection);
            assertError(connection, "SELECT 1e400", 168);
            assertSessionGoesOn(connection);
        }
        ConnectionRecord record = dev.tdsmock.support.Journals.awaitEndedApplication(server, "journal-of-errors");
        assertEquals(1, record.errors().size(), record.errors().toString());
        ConnectionRecord.ErrorAnswered error = record.errors().get(0);
        assertEquals("request", error.step());
        assertEquals(168, error.number());
        assertEquals(15, error.severity());
        assertEquals("SELECT 1e400", record.statements().get(error.statement()));
    }

    @Test
    void anAliasOfMoreThan128CharactersIsError103() throws SQLException {
        try (Connection connection = connect("")) {
            SQLException e = assertError(connection, "SELECT 1 AS [" + "x".repeat(300) + "]", 103);
            assertEquals("The identifier that starts with '" + "x".repeat(128) + "' is too long. Maximum length is 128.",
                    e.getMessage());
            assertSessionGoesOn(connection);
        }
    }

    @Test
    void moreThan65534SelectItemsIsError1056() throws SQLException {
        try (Connection connection = connect("")) {
            SQLException e = assertError(connection, "SELECT 1" + ",1".repeat(65_534), 1056);
            assertEquals("The number of elements in the select list exceeds the maximum allowed number of 4096"
                    + " elements.", e.getMessage());
            assertSessionGoesOn(connection);
        }
    }

    @Test
    void anAliasTooLongInAPreparedStatementIsError103() throws SQLException {
        try (Connection connection = connect("");
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS [" + "y".repeat(200) + "]")) {
            statement.setInt(1, 7);
            SQLException e = assertThrows(SQLException.class, statement::executeQuery);
            assertEquals(103, e.getErrorCode(), e.getMessage());
            assertSessionGoesOn(connection);
        }
    }

    @Test
    void aVarcharParameterOutsideCodePage1252() throws SQLException {
        try (Connection connection = connect("sendStringParametersAsUnicode=false");
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS v")) {
            statement.setString(1, "aж");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertEquals("a?", rows.getString(1));
            }
            assertSessionGoesOn(connection);
        }
    }

    /**
     * The first instant of the range at +14:00 is 0000-12-31 in UTC, which the driver, counting days in the Julian
     * calendar before 1582, sends as a valid day of 0001: SQL Server would answer that value, and so does the mock.
     */
    @Test
    void datetimeoffsetParameterAtTheStartOfTheRange() throws SQLException {
        try (Connection connection = connect("");
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS v")) {
            statement.setObject(1, DateTimeOffset.valueOf(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(14))));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                OffsetDateTime answered = rows.getObject(1, DateTimeOffset.class).getOffsetDateTime();
                assertEquals(1, answered.getYear());
                assertEquals(ZoneOffset.ofHours(14), answered.getOffset());
            }
            assertSessionGoesOn(connection);
        }
    }

    /**
     * The first and last instants of the range in UTC, sent at the offset that moves them out of it (0001-01-01 00:00
     * UTC at -14:00 is 0000-12-31 10:00 there): no valid datetimeoffset, error 8023, naming the parameter by its place
     * and its name, which the driver leaves empty, as SQL Server does. (The driver itself refuses
     * 9999-12-31 23:59:59.9999999 -14:00 given as an OffsetDateTime, before anything is sent.)
     */
    @Test
    void datetimeoffsetParametersThatLeaveTheRangeAtTheirOffset() throws SQLException {
        try (Connection connection = connect("");
             PreparedStatement statement = connection.prepareStatement("SELECT ? AS v")) {
            DateTimeOffset[] edges = {
                DateTimeOffset.valueOf(utc(1, 1, 1, 0, 0, 0, 0), -14 * 60),
                DateTimeOffset.valueOf(utc(9999, 12, 31, 23, 59, 59, 999_999_900), 14 * 60)};
            // the driver sends the first execution as sp_executesql (the value is its 3rd parameter), the next as
            // sp_prepexec (its 4th)
            int[] ordinals = {3, 4};
            for (int i = 0; i < edges.length; i++) {
                statement.setObject(1, edges[i]);
                SQLException e = assertThrows(SQLException.class, statement::executeQuery);
                assertEquals(8023, e.getErrorCode(), e.getMessage());
                assertEquals("The incoming tabular data stream (TDS) remote procedure call (RPC) protocol stream is"
                        + " incorrect. Parameter " + ordinals[i] + " (\"\"): The supplied value is not a valid instance of data type"
                        + " datetimeoffset. Check the source data for invalid values. An example of an invalid value is"
                        + " data of numeric type with scale greater than precision.", e.getMessage());
                assertSessionGoesOn(connection);
            }
        }
    }

    /** A Timestamp in UTC as the driver reads one: by java.util.GregorianCalendar, Julian before 1582. */
    private static Timestamp utc(int year, int month, int day, int hour, int minute, int second, int nanos) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.clear();
        calendar.set(year, month - 1, day, hour, minute, second);
        Timestamp timestamp = new Timestamp(calendar.getTimeInMillis());
        timestamp.setNanos(nanos);
        return timestamp;
    }
}
