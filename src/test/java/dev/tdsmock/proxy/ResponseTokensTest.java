package dev.tdsmock.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.TdsVersion;
import dev.tdsmock.wire.TokenStream;
import dev.tdsmock.wire.types.Collations;
import dev.tdsmock.wire.types.Column;
import dev.tdsmock.wire.types.ResultSetEncoder;
import dev.tdsmock.wire.types.SqlType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseTokensTest {
    private static final long V74 = TdsVersion.V7_4;

    // ---- building messages ----

    /** A message built token by token, remembering where each token ends. */
    private static final class Message {
        private final ByteBuf buf = Unpooled.buffer();
        private final long version;
        private final List<Integer> boundaries = new ArrayList<>(List.of(0));

        Message(long version) {
            this.version = version;
        }

        /** Writes one or more whole tokens; their end is a boundary. */
        Message tokens(Consumer<TokenStream> writer) {
            writer.accept(new TokenStream(buf, version));
            boundaries.add(buf.writerIndex());
            return this;
        }

        Message raw(Consumer<Bytes> writer) {
            writer.accept(new Bytes(buf));
            boundaries.add(buf.writerIndex());
            return this;
        }

        int at() {
            return buf.writerIndex();
        }

        byte[] bytes() {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), bytes);
            return bytes;
        }

        Set<Integer> boundaries() {
            return new HashSet<>(boundaries);
        }
    }

    /** Little-endian writes as TDS has them. */
    private record Bytes(ByteBuf out) {
        Bytes u8(int... values) {
            for (int value : values) {
                out.writeByte(value);
            }
            return this;
        }

        Bytes u16(int value) {
            out.writeShortLE(value);
            return this;
        }

        Bytes u32(long value) {
            out.writeIntLE((int) value);
            return this;
        }

        Bytes u64(long value) {
            out.writeLongLE(value);
            return this;
        }

        Bytes bytes(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        Bytes filler(int count) {
            for (int i = 0; i < count; i++) {
                out.writeByte('a' + i % 26);
            }
            return this;
        }

        Bytes bVarchar(String text) {
            out.writeByte(text.length());
            out.writeCharSequence(text, StandardCharsets.UTF_16LE);
            return this;
        }

        Bytes usVarchar(String text) {
            out.writeShortLE(text.length());
            out.writeCharSequence(text, StandardCharsets.UTF_16LE);
            return this;
        }

        Bytes collation() {
            return bytes(Collations.DEFAULT_COLLATION);
        }

        /** A PLP body split into chunks of the given sizes (filler bytes). */
        Bytes plp(long declaredTotal, int... chunks) {
            u64(declaredTotal);
            for (int chunk : chunks) {
                u32(chunk).filler(chunk);
            }
            return u32(0);
        }

        /** Token and length of a USHORT-length token whose body {@code body} writes. */
        Bytes lengthPrefixed(int token, Consumer<Bytes> body) {
            u8(token);
            int lengthAt = out.writerIndex();
            out.writeShortLE(0);
            body.accept(this);
            out.setShortLE(lengthAt, out.writerIndex() - lengthAt - 2);
            return this;
        }
    }

    /** Records everything the walk reports. */
    private static final class Recorder implements ResponseTokens.Listener {
        final List<Integer> rowEnds = new ArrayList<>();
        final List<long[]> dones = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final Map<Integer, byte[]> features = new LinkedHashMap<>();
        final List<Object[]> envChanges = new ArrayList<>();
        String loginAck;

        @Override
        public void loginAck(int tdsVersionFromToken, String programName, int major, int minor, int buildHi,
                             int buildLow) {
            loginAck = String.format("%08X %s %d.%d.%d.%d", tdsVersionFromToken, programName, major, minor, buildHi,
                    buildLow);
        }

        @Override
        public void envChange(int type, byte[] newValue, byte[] oldValue) {
            envChanges.add(new Object[] {type, newValue, oldValue});
        }

        @Override
        public void message(boolean error, int number, int state, int severity, String text, String serverName,
                            String procName, long lineNumber) {
            messages.add((error ? "ERROR " : "INFO ") + number + "/" + state + "/" + severity + " " + text + " @"
                    + serverName + "/" + procName + ":" + lineNumber);
        }

        @Override
        public void row(int index, int endOffset) {
            assertEquals(rowEnds.size(), index, "row index");
            rowEnds.add(endOffset);
        }

        @Override
        public void done(int token, int status, int currentCommand, long rowCount, int endOffset) {
            dones.add(new long[] {token, status, currentCommand, rowCount, endOffset});
        }

        @Override
        public void featureExtAck(int featureId, byte[] data) {
            features.put(featureId, data);
        }

        String envText(int index) {
            return new String((byte[]) envChanges.get(index)[1], StandardCharsets.UTF_16LE);
        }
    }

    private static Recorder walk(byte[] bytes, long version) {
        Recorder recorder = new Recorder();
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        ResponseTokens.walk(payload, version, recorder);
        assertEquals(0, payload.readerIndex(), "walk does not consume");
        return recorder;
    }

    private static int cut(byte[] bytes, int rows) {
        return ResponseTokens.cutAfterRows(Unpooled.wrappedBuffer(bytes), V74, rows);
    }

    private static List<Column> columns(String... declarations) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < declarations.length; i++) {
            columns.add(new Column("c" + i, SqlType.parse(declarations[i])));
        }
        return columns;
    }

    private static final List<Column> MODERN = columns("int", "nvarchar(20)", "varchar(max)", "decimal(10,2)",
            "datetime2(3)", "uniqueidentifier", "varbinary(max)", "date", "time(7)", "datetimeoffset(7)", "bit",
            "float", "money", "datetime", "char(3)", "nchar(2)", "binary(4)", "tinyint", "smallint", "bigint", "real",
            "nvarchar(max)");
    private static final List<Object> MODERN_ROW = Arrays.asList(7, "héllo", "x".repeat(20_000), "12.34",
            "2024-01-02T03:04:05.678", "6F9619FF-8B86-D011-B42D-00C04FC964FF", new byte[9000], "2024-02-29",
            "12:34:56.1234567", "2024-01-02T03:04:05.1234567+02:00", true, 1.5, "3.25", "2024-01-02T03:04:05",
            "abc", "xy", new byte[] {1, 2, 3, 4}, 200, -5, 1L << 40, 2.5f, "");
    private static final List<Object> NULL_ROW = Arrays.asList(new Object[MODERN.size()]);

    /** A result set of the mock's own encoder with {@code rows} rows; returns where each row ends. */
    private static List<Integer> resultSet(Message message, List<Column> columns, List<List<Object>> rows) {
        List<Integer> ends = new ArrayList<>();
        message.tokens(t -> ResultSetEncoder.writeColMetadata(t.buffer(), columns, t.tdsVersion()));
        for (List<Object> row : rows) {
            message.tokens(t -> ResultSetEncoder.writeRow(t.buffer(), columns, row));
            ends.add(message.at());
        }
        message.tokens(t -> t.done(TokenStream.DONE_COUNT | TokenStream.DONE_MORE, 0xC1, rows.size()));
        return ends;
    }

    // ---- rows and offsets ----

    @Test
    void rowsOfTheMocksOwnResultSetEndWhereTheEncoderLeftThem() {
        Message message = new Message(V74);
        List<Integer> ends = resultSet(message, MODERN, List.of(MODERN_ROW, NULL_ROW, MODERN_ROW));
        message.tokens(t -> t.done(TokenStream.DONE_FINAL, 0, 0));
        Recorder recorder = walk(message.bytes(), V74);
        assertEquals(ends, recorder.rowEnds);
        assertEquals(2, recorder.dones.size());
        assertArrayEquals(new long[] {0xFD, 0x11, 0xC1, 3, ends.get(2) + 13}, recorder.dones.get(0));
        assertEquals(message.at(), (int) recorder.dones.get(1)[4]);
    }

    @ParameterizedTest(name = "TDS {0}")
    @ValueSource(longs = {0x70000000L, 0x71000000L, 0x71000001L, 0x72090002L, 0x730B0003L, 0x74000004L})
    void eachVersionsLayoutOfColumnsRowsAndDone(long version) {
        List<Column> columns = columns("int", "nvarchar(20)", "varchar(10)", "char(2)", "decimal(10,2)", "datetime",
                "uniqueidentifier", "bit", "float", "money", "varbinary(5)");
        List<Object> row = Arrays.asList(1, "n", "v", "c", "1.5", "2020-01-01T00:00:00",
                "6F9619FF-8B86-D011-B42D-00C04FC964FF", false, 2.0, "1", new byte[] {9});
        Message message = new Message(version);
        List<Integer> ends = resultSet(message, columns, List.of(row, Arrays.asList(new Object[columns.size()])));
        message.tokens(t -> t.error(208, 1, 16, "Invalid object name 'x'.", "srv"));
        message.tokens(t -> t.done(TokenStream.DONE_ERROR, 0, 0));
        Recorder recorder = walk(message.bytes(), version);
        assertEquals(ends, recorder.rowEnds);
        assertEquals(List.of("ERROR 208/1/16 Invalid object name 'x'. @srv/:1"), recorder.messages);
        assertEquals(2, recorder.dones.size());
        assertEquals(2, recorder.dones.get(0)[3]);
        assertEquals(message.at(), (int) recorder.dones.get(1)[4]);
    }

    // ---- cutting ----

    @Test
    void cutCountsRowsAcrossResultSetsAsTheMocksAnswersDo() {
        Message message = new Message(V74);
        List<Column> one = columns("int");
        int firstResultSet = message.at();
        List<Integer> ends = new ArrayList<>(resultSet(message, one, List.of(List.of(1), List.of(2))));
        resultSet(message, one, List.of());
        message.tokens(t -> t.error(50000, 1, 16, "no", "srv").done(TokenStream.DONE_ERROR | TokenStream.DONE_MORE,
                0, 0));
        ends.addAll(resultSet(message, MODERN, List.of(MODERN_ROW, NULL_ROW, MODERN_ROW)));
        message.tokens(t -> t.done(TokenStream.DONE_FINAL, 0, 0));
        byte[] bytes = message.bytes();
        int firstRowStart = ends.get(0) - 6; // D1 and an INTN of 4 bytes
        assertTrue(firstRowStart > firstResultSet);
        assertEquals(firstRowStart, cut(bytes, 0), "0 rows: where the first result set's rows begin");
        for (int rows = 1; rows <= 5; rows++) {
            assertEquals(ends.get(rows - 1), cut(bytes, rows), rows + " rows");
        }
        assertEquals(ends.get(4), cut(bytes, 6), "more rows than the answer has: after its last");
        assertEquals(ends.get(4), cut(bytes, Integer.MAX_VALUE));
        assertEquals(ends, walk(bytes, V74).rowEnds);
    }

    @Test
    void cutOfAnAnswerWithoutRows() {
        Message message = new Message(V74);
        message.raw(b -> b.filler(5)); // before the reader index
        int start = message.at();
        message.tokens(t -> t.error(50000, 1, 16, "no", "srv").done(TokenStream.DONE_ERROR | TokenStream.DONE_MORE,
                0, 0));
        int emptyResultSet = message.at();
        resultSet(message, columns("int"), List.of());
        int emptyDone = message.at() - 13;
        message.tokens(t -> t.done(TokenStream.DONE_FINAL, 0, 0));
        ByteBuf payload = Unpooled.wrappedBuffer(message.bytes());
        payload.readerIndex(start);
        assertEquals(start, ResponseTokens.cutAfterRows(payload, V74, 1), "no row at all: the answer's start");
        assertEquals(start, ResponseTokens.cutAfterRows(payload, V74, 7));
        assertEquals(emptyDone, ResponseTokens.cutAfterRows(payload, V74, 0),
                "0 rows of an empty result set: after its COLMETADATA, at its DONE");
        assertTrue(emptyDone > emptyResultSet);
        assertEquals(start, payload.readerIndex());

        ByteBuf onlyDone = Unpooled.buffer();
        new TokenStream(onlyDone, V74).done(TokenStream.DONE_FINAL, 0, 0);
        assertEquals(0, ResponseTokens.cutAfterRows(onlyDone, V74, 0));
        assertEquals(0, ResponseTokens.cutAfterRows(Unpooled.EMPTY_BUFFER, V74, 0));
        assertThrows(IllegalArgumentException.class, () -> ResponseTokens.cutAfterRows(onlyDone, V74, -1));
    }

    @Test
    void cutReadsOnlyAsFarAsItNeeds() {
        Message message = new Message(V74);
        List<Integer> ends = resultSet(message, columns("int"), List.of(List.of(1), List.of(2)));
        message.raw(b -> b.u8(0x12, 0x34));
        byte[] bytes = message.bytes();
        assertEquals(ends.get(0), cut(bytes, 1));
        assertThrows(MalformedTdsException.class, () -> cut(bytes, 3));
        assertThrows(MalformedTdsException.class, () -> walk(bytes, V74));
    }

    // ---- login answers ----

    @Test
    void loginAnswerFields() {
        Message message = new Message(V74);
        message.tokens(t -> t.envChange(TokenStream.ENV_DATABASE, "master", ""));
        message.tokens(t -> t.info(5701, 2, 0, "Changed database context to 'master'.", "SRV1"));
        message.tokens(t -> t.envChangeBytes(TokenStream.ENV_COLLATION, Collations.DEFAULT_COLLATION, new byte[0]));
        message.tokens(t -> t.envChange(TokenStream.ENV_LANGUAGE, "us_english", ""));
        message.tokens(t -> t.envChange(TokenStream.ENV_PACKET_SIZE, "8000", "4096"));
        message.tokens(t -> t.loginAck("Microsoft SQL Server", 16, 0, 0x1234));
        Map<Integer, byte[]> features = new LinkedHashMap<>();
        features.put(0x01, new byte[] {1, 2, 3});
        features.put(0x0A, new byte[0]);
        message.tokens(t -> t.featureExtAck(features));
        message.tokens(t -> t.envChangeBytes(TokenStream.ENV_RESET_ACK, new byte[0], new byte[0]));
        message.tokens(t -> t.sessionState(3, true));
        message.tokens(t -> t.done(TokenStream.DONE_FINAL, 0, 0));
        Recorder recorder = walk(message.bytes(), V74);

        assertEquals("74000004 Microsoft SQL Server 16.0.18.52", recorder.loginAck);
        assertEquals(List.of("INFO 5701/2/0 Changed database context to 'master'. @SRV1/:1"), recorder.messages);
        assertEquals(5, recorder.envChanges.size());
        assertEquals(1, recorder.envChanges.get(0)[0]);
        assertEquals("master", recorder.envText(0));
        assertArrayEquals(new byte[0], (byte[]) recorder.envChanges.get(0)[2]);
        assertEquals(7, recorder.envChanges.get(1)[0]);
        assertArrayEquals(Collations.DEFAULT_COLLATION, (byte[]) recorder.envChanges.get(1)[1]);
        assertEquals("us_english", recorder.envText(2));
        assertEquals(4, recorder.envChanges.get(3)[0]);
        assertEquals("8000", recorder.envText(3));
        assertEquals("4096", new String((byte[]) recorder.envChanges.get(3)[2], StandardCharsets.UTF_16LE));
        assertEquals(18, recorder.envChanges.get(4)[0]);
        assertEquals(2, recorder.features.size());
        assertArrayEquals(new byte[] {1, 2, 3}, recorder.features.get(0x01));
        assertArrayEquals(new byte[0], recorder.features.get(0x0A));
        assertEquals(1, recorder.dones.size());
    }

    @Test
    void routingEnvChange() {
        Message message = new Message(V74);
        message.tokens(t -> t.loginAck("Microsoft SQL Server", 16, 0, 1).routing("replica.example", 14330)
                .done(TokenStream.DONE_FINAL, 0, 0));
        Recorder recorder = walk(message.bytes(), V74);
        Object[] routing = recorder.envChanges.get(0);
        assertEquals(20, routing[0]);
        ByteBuf data = Unpooled.wrappedBuffer((byte[]) routing[1]);
        assertEquals(0, data.readUnsignedByte(), "protocol TCP");
        assertEquals(14330, data.readUnsignedShortLE(), "port");
        int chars = data.readUnsignedShortLE();
        assertEquals("replica.example", data.readCharSequence(chars * 2, StandardCharsets.UTF_16LE).toString());
        assertEquals(0, data.readableBytes());
        assertArrayEquals(new byte[0], (byte[]) routing[2]);
    }

    @Test
    void otherEnvChangeTypesAreFramedByTheirOwnRules() {
        Message message = new Message(V74);
        message.raw(b -> b.lengthPrefixed(0xE3, e -> e.u8(15).u32(3).u8(7, 8, 9).u8(0))); // promote: L_VARBYTE
        message.raw(b -> b.lengthPrefixed(0xE3, e -> e.u8(8).u8(8).filler(8).u8(0))); // begin transaction
        message.raw(b -> b.lengthPrefixed(0xE3, e -> e.u8(13).bVarchar("partner").u8(0))); // mirroring partner
        message.raw(b -> b.lengthPrefixed(0xE3, e -> e.u8(99).u8(1, 2, 3))); // unknown type: the rest, raw
        Recorder recorder = walk(message.bytes(), V74);
        assertArrayEquals(new byte[] {7, 8, 9}, (byte[]) recorder.envChanges.get(0)[1]);
        assertEquals(8, ((byte[]) recorder.envChanges.get(1)[1]).length);
        assertEquals("partner", recorder.envText(2));
        assertEquals(99, recorder.envChanges.get(3)[0]);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) recorder.envChanges.get(3)[1]);
        assertArrayEquals(new byte[0], (byte[]) recorder.envChanges.get(3)[2]);
    }

    @Test
    void theLoginAcksVersionRulesWhatFollowsIt() {
        for (long negotiated : new long[] {TdsVersion.V7_0, TdsVersion.V7_1_BEFORE_REV1, TdsVersion.V7_1}) {
            Message message = new Message(negotiated);
            message.tokens(t -> t.loginAck("SQL Server", 8, 0, 2039).info(1, 2, 3, "hi", "s")
                    .done(TokenStream.DONE_FINAL, 0, 77));
            Recorder recorder = walk(message.bytes(), V74); // the caller's guess is replaced by LOGINACK's
            assertEquals(List.of("INFO 1/2/3 hi @s/:1"), recorder.messages);
            assertEquals(77, recorder.dones.get(0)[3]);
            assertEquals(message.at(), (int) recorder.dones.get(0)[4]);
        }
        Message old = new Message(TdsVersion.V7_0);
        old.tokens(t -> t.loginAck("SQL Server", 7, 0, 0x0100));
        assertEquals("07000000 SQL Server 7.0.1.0", walk(old.bytes(), V74).loginAck);
        assertThrows(IllegalArgumentException.class,
                () -> ResponseTokens.walk(Unpooled.EMPTY_BUFFER, 0x06000000L, new Recorder()));
    }

    @Test
    void errorAndInfoFieldsByHand() {
        Message message = new Message(V74);
        message.raw(b -> b.lengthPrefixed(0xAA, e -> e.u32(2627).u8(1, 14).usVarchar("Violation of PRIMARY KEY")
                .bVarchar("SRV").bVarchar("dbo.p").u32(70_000)));
        message.raw(b -> b.lengthPrefixed(0xAB, e -> e.u32(0).u8(1, 10).usVarchar("printed").bVarchar("")
                .bVarchar("").u32(1)));
        assertEquals(List.of("ERROR 2627/1/14 Violation of PRIMARY KEY @SRV/dbo.p:70000",
                "INFO 0/1/10 printed @/:1"), walk(message.bytes(), V74).messages);

        Message old = new Message(TdsVersion.V7_1);
        old.raw(b -> b.lengthPrefixed(0xAA, e -> e.u32(229).u8(5, 14).usVarchar("denied").bVarchar("S")
                .bVarchar("p").u16(12)));
        assertEquals(List.of("ERROR 229/5/14 denied @S/p:12"), walk(old.bytes(), TdsVersion.V7_1).messages);
    }

    // ---- value shapes the mock does not write ----

    @Test
    void valueShapesOfARealServer() {
        Message message = new Message(V74);
        message.raw(b -> {
            b.u8(0x81).u16(13);
            b.u32(0).u16(1).u8(0xE7).u16(0xFFFF).collation().bVarchar("nvmax"); // 1 nvarchar(max)
            b.u32(0).u16(1).u8(0x23).u32(0x7FFFFFFF).collation().u8(2).usVarchar("dbo").usVarchar("t")
                    .bVarchar("txt"); // 2 text
            b.u32(0).u16(1).u8(0x63).u32(0x7FFFFFFE).collation().u8(1).usVarchar("t").bVarchar("ntxt"); // 3 ntext
            b.u32(0).u16(1).u8(0x22).u32(0x7FFFFFFF).u8(3).usVarchar("db").usVarchar("dbo").usVarchar("t")
                    .bVarchar("img"); // 4 image
            b.u32(0).u16(1).u8(0x62).u32(8016).bVarchar("var"); // 5 sql_variant
            b.u32(0).u16(1).u8(0xF0).u16(896).bVarchar("db").bVarchar("sys").bVarchar("hierarchyid")
                    .usVarchar("Microsoft.SqlServer.Types.SqlHierarchyId").bVarchar("udt"); // 6 UDT, USHORTLEN
            b.u32(0).u16(1).u8(0xF0).u16(0xFFFF).bVarchar("").bVarchar("sys").bVarchar("geography")
                    .usVarchar("Microsoft.SqlServer.Types.SqlGeography").bVarchar("geo"); // 7 UDT, PLP
            b.u32(0).u16(1).u8(0xF1).u8(1).bVarchar("db").bVarchar("dbo").usVarchar("schemas")
                    .bVarchar("xs"); // 8 xml with a schema collection
            b.u32(0).u16(1).u8(0xF1).u8(0).bVarchar("x"); // 9 xml
            b.u32(0).u16(0).u8(0x38).bVarchar("i"); // 10 int, not null
            b.u32(0).u16(1).u8(0x6A).u8(9, 18, 2).bVarchar("d"); // 11 decimal(18,2)
            b.u32(0).u16(1).u8(0x27).u8(20).collation().bVarchar("oldvc"); // 12 legacy varchar(20)
            b.u32(0).u16(1).u8(0x2B).u8(7).bVarchar("dto"); // 13 datetimeoffset(7)
        });
        List<Integer> ends = new ArrayList<>();
        message.raw(b -> {
            b.u8(0xD1);
            b.plp(30_000, 8000, 8000, 8000, 6000); // 1: four chunks
            b.u8(16).filler(16).filler(8).u32(5).filler(5); // 2: text pointer, timestamp, data
            b.u8(16).filler(16).filler(8).u32(4).filler(4); // 3
            b.u8(0); // 4: NULL, no pointer and nothing more
            b.u32(6).u8(0x38, 0).u32(42); // 5: an int in a sql_variant
            b.u16(3).filler(3); // 6
            b.plp(0xFFFFFFFFFFFFFFFEL, 10, 20); // 7: unknown length
            b.plp(4, 4); // 8
            b.u64(-1L); // 9: PLP NULL
            b.u32(5); // 10
            b.u8(9).u8(1).filler(8); // 11
            b.u8(2).filler(2); // 12
            b.u8(10).filler(10); // 13
        });
        ends.add(message.at());
        message.raw(b -> {
            // columns 1, 3, 6, 7, 8, 10, 11, 13 NULL (bits 0, 2, 5, 6, 7 | 9, 10, 12)
            b.u8(0xD2).u8(0b1110_0101, 0b0001_0110);
            b.u8(0); // 2: text NULL by its pointer
            b.u8(16).filler(16).filler(8).u32(0); // 4: image, empty
            b.u32(0); // 5: sql_variant NULL
            b.plp(0, new int[0]); // 9: empty xml
            b.u8(0); // 12: legacy varchar NULL
        });
        ends.add(message.at());
        message.tokens(t -> t.done(TokenStream.DONE_COUNT, 0xC1, 2));
        byte[] bytes = message.bytes();
        Recorder recorder = walk(bytes, V74);
        assertEquals(ends, recorder.rowEnds);
        assertEquals(bytes.length, (int) recorder.dones.get(0)[4]);
        assertEquals(ends.get(0), cut(bytes, 1));
        assertEquals(ends.get(1), cut(bytes, 2));
        assertEveryPrefixWalksOnlyAtATokenBoundary(message);
    }

    @Test
    void procedureAnswerWithReturnValues() {
        Message message = new Message(V74);
        List<Integer> ends = resultSet(message, columns("nvarchar(max)"), List.of(List.of("a".repeat(9000))));
        message.tokens(t -> t.doneInProc(TokenStream.DONE_COUNT | TokenStream.DONE_MORE, 0xC1, 1));
        message.tokens(t -> t.returnStatus(0));
        message.tokens(t -> t.returnValueInt(1, "@handle", 5));
        message.raw(b -> b.u8(0xAC).u16(2).bVarchar("@out").u8(1).u32(0).u16(1).u8(0xE7).u16(0xFFFF).collation()
                .plp(12, 5, 7));
        message.raw(b -> b.u8(0xAC).u16(3).bVarchar("@v").u8(1).u32(0).u16(1).u8(0x62).u32(8016).u32(0));
        message.raw(b -> b.u8(0xAC).u16(4).bVarchar("@n").u8(1).u32(0).u16(1).u8(0xA7).u16(50).collation()
                .u16(0xFFFF));
        message.tokens(t -> t.doneProc(TokenStream.DONE_FINAL, 0, 0));
        Recorder recorder = walk(message.bytes(), V74);
        assertEquals(ends, recorder.rowEnds);
        assertEquals(List.of(0xFDL, 0xFFL, 0xFEL), recorder.dones.stream().map(d -> d[0]).toList());
        assertEveryPrefixWalksOnlyAtATokenBoundary(message);
    }

    @Test
    void tds71ShortDoneAndTableNameAndTds70WithoutCollations() {
        Message v71 = new Message(TdsVersion.V7_1);
        v71.raw(b -> b.u8(0x81).u16(2)
                .u16(0).u16(1).u8(0x23).u32(0x7FFFFFFF).collation().usVarchar("dbo.t").bVarchar("t")
                .u16(0).u16(1).u8(0xA7).u16(10).collation().bVarchar("v"));
        v71.raw(b -> b.u8(0xD1).u8(16).filler(16).filler(8).u32(3).filler(3).u16(2).filler(2));
        int row71 = v71.at();
        v71.raw(b -> b.u8(0xFD).u16(0x10).u16(0xC1).u32(1));
        Recorder recorder = walk(v71.bytes(), TdsVersion.V7_1);
        assertEquals(List.of(row71), recorder.rowEnds);
        assertArrayEquals(new long[] {0xFD, 0x10, 0xC1, 1, v71.at()}, recorder.dones.get(0));
        assertEveryPrefixWalksOnlyAtATokenBoundary(v71);

        Message v70 = new Message(TdsVersion.V7_0);
        v70.raw(b -> b.u8(0x81).u16(3)
                .u16(0).u16(1).u8(0xA7).u16(10).bVarchar("v")
                .u16(0).u16(1).u8(0x63).u32(0x7FFFFFFE).usVarchar("t").bVarchar("n")
                .u16(0).u16(1).u8(0x2F).u8(4).bVarchar("c"));
        v70.raw(b -> b.u8(0xD1).u16(3).filler(3).u8(0).u8(4).filler(4));
        int row70 = v70.at();
        v70.tokens(t -> t.done(TokenStream.DONE_COUNT, 0xC1, 1));
        assertEquals(List.of(row70), walk(v70.bytes(), TdsVersion.V7_0).rowEnds);
        assertEveryPrefixWalksOnlyAtATokenBoundary(v70);

        // the mock's own encoder at 7.0: no collations, 2-byte UserType
        Message encoded = new Message(TdsVersion.V7_0);
        List<Integer> ends = resultSet(encoded, columns("varchar(5)", "nchar(2)", "int"),
                List.of(List.of("ab", "c", 1)));
        assertEquals(ends, walk(encoded.bytes(), TdsVersion.V7_0).rowEnds);
    }

    @Test
    void tokensThatAreOnlySkipped() {
        Message message = new Message(V74);
        List<Integer> ends = new ArrayList<>();
        message.tokens(t -> ResultSetEncoder.writeColMetadata(t.buffer(), columns("int"), V74));
        message.raw(b -> b.u8(0xA9).u16(2).u16(1)); // ORDER
        message.raw(b -> b.u8(0xA4).u16(4).u8(1, 2, 3, 4)); // TABNAME
        message.raw(b -> b.u8(0xA5).u16(3).u8(1, 1, 0)); // COLINFO
        message.raw(b -> b.u8(0xD1).u8(4).u32(1));
        ends.add(message.at());
        message.raw(b -> b.u8(0x78).u16(1).u16(4)); // OFFSET
        message.raw(b -> b.u8(0xED).u16(3).u8(9, 9, 9)); // SSPI
        message.raw(b -> b.u8(0xEE).u32(6).u32(0).u16(0)); // FEDAUTHINFO
        message.raw(b -> b.u8(0xE4).u32(2).u8(1, 2)); // SESSIONSTATE
        message.tokens(t -> t.done(TokenStream.DONE_COUNT, 0xC1, 1));
        Recorder recorder = walk(message.bytes(), V74);
        assertEquals(ends, recorder.rowEnds);
        assertEquals(1, recorder.dones.size());
        assertEquals(ends.get(0) - 6, cut(message.bytes(), 0), "0 rows: at the first row, after ORDER and the rest");
        assertEveryPrefixWalksOnlyAtATokenBoundary(message);
    }

    // ---- bad input ----

    /** Every prefix of the message walks when it ends at a token boundary, and throws MalformedTdsException else. */
    private static void assertEveryPrefixWalksOnlyAtATokenBoundary(Message message) {
        byte[] bytes = message.bytes();
        Set<Integer> boundaries = message.boundaries();
        for (int length = 0; length <= bytes.length; length++) {
            ByteBuf prefix = Unpooled.buffer(length + 3);
            prefix.writeBytes(new byte[] {1, 2, 3}).writeBytes(bytes, 0, length).readerIndex(3);
            try {
                ResponseTokens.walk(prefix, message.version, new Recorder());
                assertTrue(boundaries.contains(length), "a prefix of " + length + " bytes, mid-token, walked");
            } catch (MalformedTdsException e) {
                assertTrue(!boundaries.contains(length), "a prefix of " + length + " bytes failed: " + e);
                assertTrue(e.getMessage().contains("at offset "), e.getMessage());
            }
            try {
                ResponseTokens.cutAfterRows(prefix, message.version, 1);
            } catch (MalformedTdsException expected) {
                // fine
            }
            assertEquals(3, prefix.readerIndex());
        }
    }

    @Test
    void everyPrefixOfALoginAnswerAndResultSets() {
        Message message = new Message(V74);
        message.tokens(t -> t.envChange(TokenStream.ENV_DATABASE, "master", ""));
        message.tokens(t -> t.info(5701, 2, 0, "Changed database context to 'master'.", "SRV1"));
        message.tokens(t -> t.envChangeBytes(TokenStream.ENV_COLLATION, Collations.DEFAULT_COLLATION, new byte[0]));
        message.tokens(t -> t.envChange(TokenStream.ENV_PACKET_SIZE, "8000", "4096"));
        message.tokens(t -> t.loginAck("Microsoft SQL Server", 16, 0, 1));
        message.tokens(t -> t.featureExtAck(Map.of(1, new byte[] {1, 2}, 0x0A, new byte[] {1})));
        message.tokens(t -> t.routing("h", 1433));
        resultSet(message, MODERN, List.of(MODERN_ROW, NULL_ROW));
        message.tokens(t -> t.done(TokenStream.DONE_FINAL, 0, 0));
        assertEveryPrefixWalksOnlyAtATokenBoundary(message);
    }

    @Test
    void mutatedBytesOnlyEverThrowMalformedTdsException() {
        Message message = new Message(V74);
        message.tokens(t -> t.envChange(TokenStream.ENV_DATABASE, "master", "").loginAck("SQL", 16, 0, 1)
                .featureExtAck(Map.of(1, new byte[] {1, 2})));
        resultSet(message, MODERN, List.of(MODERN_ROW.subList(0, MODERN.size()), NULL_ROW));
        message.raw(b -> b.u8(0xAC).u16(2).bVarchar("@out").u8(1).u32(0).u16(1).u8(0xF1).u8(0).plp(3, 1, 2));
        message.tokens(t -> t.done(TokenStream.DONE_FINAL, 0, 0));
        byte[] original = message.bytes();
        Random random = new Random(20240229L);
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = original.clone();
            for (int m = 0, n = 1 + random.nextInt(4); m < n; m++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(bytes.length) : bytes.length;
            byte[] input = Arrays.copyOf(bytes, length);
            try {
                walk(input, V74);
            } catch (MalformedTdsException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("mutation " + i + " threw " + e, e);
            }
            try {
                cut(input, random.nextInt(3));
            } catch (MalformedTdsException expected) {
                // fine
            } catch (RuntimeException e) {
                fail("mutation " + i + " (cut) threw " + e, e);
            }
        }
    }

    @Test
    void anUnknownTokenIsNamedWithItsOffset() {
        Message message = new Message(V74);
        message.tokens(t -> t.done(TokenStream.DONE_MORE, 0, 0));
        message.raw(b -> b.u8(0x12, 0, 0));
        MalformedTdsException e = assertThrows(MalformedTdsException.class, () -> walk(message.bytes(), V74));
        assertEquals("unknown token type 0x12 at offset 13", e.getMessage());
    }

    @Test
    void unsupportedAndInconsistentTokensSaySo() {
        for (int token : new int[] {0x88, 0xD3, 0xA3}) {
            MalformedTdsException e = assertThrows(MalformedTdsException.class,
                    () -> walk(new byte[] {(byte) token, 0, 0}, V74));
            assertTrue(e.getMessage().contains("not supported") && e.getMessage().contains("at offset 0"),
                    e.getMessage());
        }
        MalformedTdsException noMetadata = assertThrows(MalformedTdsException.class,
                () -> walk(new byte[] {(byte) 0xD1, 1}, V74));
        assertTrue(noMetadata.getMessage().startsWith("ROW token (0xD1) at offset 0: no COLMETADATA"),
                noMetadata.getMessage());
        MalformedTdsException unknownColumns = assertThrows(MalformedTdsException.class,
                () -> walk(new byte[] {(byte) 0x81, (byte) 0xFF, (byte) 0xFF, (byte) 0xD2, 0}, V74));
        assertTrue(unknownColumns.getMessage().contains("NoMetaData"), unknownColumns.getMessage());

        Message badType = new Message(V74);
        badType.raw(b -> b.u8(0x81).u16(1).u32(0).u16(0).u8(0xF4).bVarchar("j"));
        MalformedTdsException json = assertThrows(MalformedTdsException.class, () -> walk(badType.bytes(), V74));
        assertTrue(json.getMessage().contains("data type 0xF4 is not supported"), json.getMessage());

        Message tooLong = new Message(V74);
        tooLong.raw(b -> b.u8(0xE3).u16(100).u8(4, 0, 0));
        MalformedTdsException length = assertThrows(MalformedTdsException.class, () -> walk(tooLong.bytes(), V74));
        assertTrue(length.getMessage().startsWith("ENVCHANGE token (0xE3) at offset 0: "), length.getMessage());

        Message plp = new Message(V74);
        plp.tokens(t -> ResultSetEncoder.writeColMetadata(t.buffer(), columns("varbinary(max)"), V74));
        plp.raw(b -> b.u8(0xD1).plp(5, 3, 3));
        MalformedTdsException mismatch = assertThrows(MalformedTdsException.class, () -> walk(plp.bytes(), V74));
        assertTrue(mismatch.getMessage().contains("PLP"), mismatch.getMessage());

        Message negative = new Message(V74);
        negative.raw(b -> b.u8(0x81).u16(1).u32(0).u16(0).u8(0x62).u32(8016).bVarchar("v"));
        negative.raw(b -> b.u8(0xD1).u32(-2));
        MalformedTdsException neg = assertThrows(MalformedTdsException.class, () -> walk(negative.bytes(), V74));
        assertTrue(neg.getMessage().contains("negative"), neg.getMessage());
    }
}
