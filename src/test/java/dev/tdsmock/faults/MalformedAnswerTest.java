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
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A server that breaks the protocol: every kind of malformed answer gives mssql-jdbc 13 and tedious an error, and
 * neither waits for ever (the server closes after the broken answer). The words each driver reports are printed.
 */
@Timeout(120)
class MalformedAnswerTest {
    private TdsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ConnectionRecord start(String kind, String at) {
        server = TestServers.start("healthy");
        server.faults().add(FaultReader.read("{ type = malformed-answer, at = " + at + ", kind = " + kind
                + (at.equals("request") ? ", skip = 1" : "") + " }"));
        return null;
    }

    /** mssql-jdbc does not check a response's packet type: it reads the answer, then meets the close. */
    @org.junit.jupiter.api.Test
    void mssqlJdbcReadsAnAnswerWithTheWrongPacketType() throws Exception {
        start("wrong-packet-type", "request");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + server.port()
                + ";user=sa;password=x;encrypt=false;loginTimeout=15")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "the first request is skipped");
            assertEquals(1, Jdbc.single(connection, "SELECT 1"), "0x01 where 0x04 belongs goes unnoticed");
            assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
        }
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "no-eom, request", "truncated, request", "bad-length, request",
        "unknown-token, request", "truncated, login", "unknown-token, login", "no-eom, prelogin",
        "empty-prelogin, prelogin", "prelogin-without-terminator, prelogin"})
    void mssqlJdbcGetsAnError(String kind, String at) throws Exception {
        start(kind, at);
        String url = "jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;encrypt=false;"
                + "loginTimeout=15;connectRetryCount=0;transparentNetworkIPResolution=false";
        SQLException e;
        if (at.equals("request")) {
            try (Connection connection = DriverManager.getConnection(url)) {
                Jdbc.single(connection, "SELECT 1"); // the first request is skipped
                e = assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
            }
        } else {
            e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        }
        System.out.println("mssql-jdbc, " + kind + " at " + at + ": " + e.getMessage());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals("malformed-answer", record.faults().get(0).type(), record.toString());
        assertEquals(Ending.Kind.FIN, record.ending().kind(), record.toString());
        assertEquals(at, record.ending().during(), record.toString());
    }

    /**
     * What tedious does with each kind, as measured (alternatives separated by ';'): an error it reports ("error"), the answer read as if nothing
     * were wrong ("values": it does not check the packet type), or an exception it does not catch, which ends the
     * process ("crash": its token parser's "unexpected end of data").
     */
    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "wrong-packet-type | request | values |",
        "no-eom | request | error | socket hang up;Connection lost",
        "truncated | request | crash | Error: unexpected end of data",
        "bad-length | request | error | socket hang up;Connection lost",
        "unknown-token | request | crash | Error: Unknown type: 1",
        "truncated | login | crash | Error: unexpected end of data",
        "empty-prelogin | prelogin | error | outside buffer bounds",
        "prelogin-without-terminator | prelogin | error | out of range"})
    void whatTediousDoes(String kind, String at, String expected, String words) throws Exception {
        Node.requireTedious();
        start(kind, at);
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(server.port()), "15000",
                "broken", "SELECT 1"), 60);
        System.out.println("tedious, " + kind + " at " + at + ": " + result.output().lines()
                .filter(l -> l.startsWith("{") || l.startsWith("Error")).toList());
        if (expected.equals("crash")) {
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains(words), result.output());
        } else {
            assertEquals(0, result.exitCode(), result.output());
            String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                    () -> new AssertionError(result.output()));
            JsonNode outcome = JournalJson.mapper().readTree(line);
            assertTrue(outcome.has(expected), outcome.toString());
            if (words != null) {
                // tedious reports a lost connection in words that depend on which of its events comes first
                assertTrue(java.util.Arrays.stream(words.split(";")).anyMatch(result.output()::contains),
                        result.output());
            }
        }
        assertEquals("malformed-answer", Journals.awaitEnded(server, 1).get(0).faults().get(0).type());
    }
}
