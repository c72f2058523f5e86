package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests that SQL Server answers with an error or an odd value, sent byte by byte: the session goes on. */
@Timeout(60)
class ErrorAnswersRawTest {
    private static final int LOGINACK = 0xAD;
    private static final int ERROR = 0xAA;
    private static final int ROW = 0xD1;
    private static final int SP_EXECUTESQL = 10;
    private static final byte[] COLLATION = HexFormat.of().parseHex("0904D00034");
    private static TdsServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start("healthy");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aVarcharParameterHoldingByte0x81IsAnsweredByteForByte() throws IOException {
        try (RawClient client = loggedIn()) {
            client.send(Packets.packet(PacketType.RPC, 0x01, executeSql("SELECT @p AS v", "@p varchar(10)",
                    "@p", new byte[] {'a', (byte) 0x81, (byte) 0x9D})));
            byte[] answer = client.readPacket();
            assertFalse(contains(answer, ERROR), "no ERROR token");
            assertTrue(indexOf(answer, new byte[] {(byte) ROW, 3, 0, 'a', (byte) 0x81, (byte) 0x9D}) > 0,
                    "a ROW holding the three bytes sent: " + HexFormat.of().formatHex(answer));
            assertSelectOneAnswered(client);
        }
    }

    @Test
    void anErrorIsAnsweredAndTheJournalShowsTheSessionGoingOnUntilTheClientCloses() throws IOException {
        String tooLong = "SELECT 1 AS [" + "z".repeat(200) + "]";
        ConnectionRecord record;
        try (RawClient client = loggedIn()) {
            client.send(Packets.packet(PacketType.SQL_BATCH, 0x01, batch(tooLong)));
            byte[] answer = client.readPacket();
            assertEquals(ERROR, answer[8] & 0xFF, "an ERROR token first");
            assertEquals(103, ByteBuffer.wrap(answer, 11, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals("The identifier that starts with '" + "z".repeat(128) + "' is too long. Maximum length is 128.",
                    errorMessage(answer));
            int done = answer.length - 13;
            assertEquals(0xFD, answer[done] & 0xFF, "then DONE");
            assertEquals(0x02, answer[done + 1] & 0x02, "with DONE_ERROR");
            assertSelectOneAnswered(client);

            record = server.journal().records().stream().filter(r -> r.statements().contains(tooLong)).findFirst()
                    .orElseThrow();
            assertEquals(java.util.List.of(tooLong, "SELECT 1"), record.statements());
            assertFalse(record.isEnded(), "the session goes on after the error");
            assertNull(record.ending());
        }
        ConnectionRecord closed = record;
        Awaitility.await("the connection's ending").atMost(Duration.ofSeconds(20)).until(closed::isEnded);
        assertEquals(Ending.Side.CLIENT, closed.ending().by(), closed.ending().toString());
    }

    @Test
    void aParameterOfOddLengthUtf16IsError8016() throws IOException {
        try (RawClient client = loggedIn()) {
            ByteArrayOutputStream rpc = rpcHead();
            nvarcharParameter(rpc, "", "SELECT @n AS v");
            nvarcharParameter(rpc, "", "@n nvarchar(10)");
            rpc.writeBytes(bVarchar("@n"));
            rpc.write(0);
            rpc.write(0xE7);
            rpc.writeBytes(new byte[] {20, 0});
            rpc.writeBytes(COLLATION);
            rpc.writeBytes(new byte[] {3, 0, 'a', 0, 'b'});
            client.send(Packets.packet(PacketType.RPC, 0x01, rpc.toByteArray()));
            byte[] answer = client.readPacket();
            assertEquals(ERROR, answer[8] & 0xFF);
            assertEquals(8016, ByteBuffer.wrap(answer, 11, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertTrue(errorMessage(answer).endsWith("Parameter 3 (\"@n\"): Data type 0xE7 has an invalid data length"
                    + " or metadata length."), errorMessage(answer));
            assertSelectOneAnswered(client);
        }
    }

    @Test
    void aProcedureCallWithoutItsStatementIsError214() throws IOException {
        try (RawClient client = loggedIn()) {
            client.send(Packets.packet(PacketType.RPC, 0x01, rpcHead().toByteArray()));
            byte[] answer = client.readPacket();
            assertEquals(ERROR, answer[8] & 0xFF);
            assertEquals(214, ByteBuffer.wrap(answer, 11, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals("Procedure expects parameter '@stmt' of type 'ntext/nchar/nvarchar'.", errorMessage(answer));
            assertEquals(0xFE, answer[answer.length - 13] & 0xFF, "DONEPROC");
            assertSelectOneAnswered(client);
        }
    }

    /**
     * A CLR UDT parameter (UDT_INFO_IN_RPC, MS-TDS 2.2.5.5.2: database, schema and type names, then a PLP value), which
     * mssql-jdbc cannot send: read past, answered with error 50000 naming the type, and the session goes on.
     */
    @Test
    void aUdtParameterIsError50000() throws IOException {
        try (RawClient client = loggedIn()) {
            ByteArrayOutputStream rpc = rpcHead();
            nvarcharParameter(rpc, "", "SELECT @u.ToString() AS v");
            nvarcharParameter(rpc, "", "@u dbo.Point");
            rpc.writeBytes(bVarchar("@u"));
            rpc.write(0);
            rpc.write(0xF0);
            rpc.writeBytes(bVarchar(""));
            rpc.writeBytes(bVarchar("dbo"));
            rpc.writeBytes(bVarchar("Point"));
            rpc.writeBytes(ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putInt(3)
                    .put(new byte[] {1, 2, 3}).putInt(0).array());
            client.send(Packets.packet(PacketType.RPC, 0x01, rpc.toByteArray()));
            byte[] answer = client.readPacket();
            assertEquals(ERROR, answer[8] & 0xFF);
            assertEquals(50000, ByteBuffer.wrap(answer, 11, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            assertEquals("tds-mock cannot answer this request: parameter 3 (\"@u\") is a CLR user-defined type"
                    + " dbo.Point, which tds-mock does not take.", errorMessage(answer));
            assertSelectOneAnswered(client);
        }
    }

    /**
     * A sql_variant parameter (MS-TDS 2.2.5.5.4: LONGLEN maximum length; then length, BaseType INT4, PropBytes 0 and
     * the int), which mssql-jdbc sends only inside TVPs: its value comes back as an int.
     */
    @Test
    void aSqlVariantParameterIsEchoedAsItsBaseType() throws IOException {
        try (RawClient client = loggedIn()) {
            ByteArrayOutputStream rpc = rpcHead();
            nvarcharParameter(rpc, "", "SELECT @v AS v");
            nvarcharParameter(rpc, "", "@v sql_variant");
            rpc.writeBytes(bVarchar("@v"));
            rpc.write(0);
            rpc.write(0x62);
            rpc.writeBytes(ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN).putInt(8016).putInt(6)
                    .put((byte) 0x38).put((byte) 0).putInt(42).array());
            client.send(Packets.packet(PacketType.RPC, 0x01, rpc.toByteArray()));
            byte[] answer = client.readPacket();
            assertFalse(contains(answer, ERROR), "no ERROR token");
            assertTrue(indexOf(answer, new byte[] {(byte) ROW, 4, 42, 0, 0, 0}) > 0,
                    "a ROW holding int 42: " + HexFormat.of().formatHex(answer));
            assertSelectOneAnswered(client);
        }
    }

    private static void assertSelectOneAnswered(RawClient client) throws IOException {
        client.send(Packets.packet(PacketType.SQL_BATCH, 0x01, batch("SELECT 1")));
        byte[] answer = client.readPacket();
        assertEquals(0x81, answer[8] & 0xFF, "COLMETADATA");
        assertTrue(indexOf(answer, new byte[] {(byte) ROW, 4, 1, 0, 0, 0}) > 0, "a ROW holding int 1");
    }

    private static RawClient loggedIn() throws IOException {
        RawClient client = new RawClient(server.port());
        client.send(Packets.preLogin(Encryption.NOT_SUP));
        assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0]);
        client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().build()));
        assertTrue(contains(client.readPacket(), LOGINACK));
        return client;
    }

    /** ALL_HEADERS (MS-TDS 2.2.5.3) with only a transaction descriptor header. */
    private static byte[] allHeaders() {
        return ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN).putInt(22).putInt(18).putShort((short) 2)
                .putLong(0).putInt(1).array();
    }

    private static byte[] batch(String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(allHeaders());
        out.writeBytes(sql.getBytes(StandardCharsets.UTF_16LE));
        return out.toByteArray();
    }

    /** ALL_HEADERS, then sp_executesql by its id (MS-TDS 2.2.6.6) and no option flags. */
    private static ByteArrayOutputStream rpcHead() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(allHeaders());
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, SP_EXECUTESQL, 0, 0, 0});
        return out;
    }

    private static byte[] executeSql(String sql, String declarations, String name, byte[] varcharValue) {
        ByteArrayOutputStream out = rpcHead();
        nvarcharParameter(out, "", sql);
        nvarcharParameter(out, "", declarations);
        out.writeBytes(bVarchar(name));
        out.write(0);
        out.write(0xA7);
        out.writeBytes(new byte[] {10, 0});
        out.writeBytes(COLLATION);
        out.writeBytes(new byte[] {(byte) varcharValue.length, 0});
        out.writeBytes(varcharValue);
        return out.toByteArray();
    }

    private static void nvarcharParameter(ByteArrayOutputStream out, String name, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_16LE);
        out.writeBytes(bVarchar(name));
        out.write(0);
        out.write(0xE7);
        out.writeBytes(new byte[] {(byte) 0x40, 0x1F});
        out.writeBytes(COLLATION);
        out.writeBytes(new byte[] {(byte) text.length, (byte) (text.length >> 8)});
        out.writeBytes(text);
    }

    private static byte[] bVarchar(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(text.length());
        out.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        return out.toByteArray();
    }

    /** The text of the ERROR token (MS-TDS 2.2.7.10) that opens the packet's payload: after its TokenType,
     *  Length, Number, State and Class comes MsgText as US_VARCHAR. */
    private static String errorMessage(byte[] packet) {
        int at = 8 + 1 + 2 + 4 + 1 + 1;
        int chars = (packet[at] & 0xFF) | (packet[at + 1] & 0xFF) << 8;
        return new String(packet, at + 2, chars * 2, StandardCharsets.UTF_16LE);
    }

    private static boolean contains(byte[] packet, int token) {
        for (int i = 8; i < packet.length; i++) {
            if ((packet[i] & 0xFF) == token) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] packet, byte[] bytes) {
        for (int i = 8; i + bytes.length <= packet.length; i++) {
            boolean match = true;
            for (int j = 0; j < bytes.length && match; j++) {
                match = packet[i + j] == bytes[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
