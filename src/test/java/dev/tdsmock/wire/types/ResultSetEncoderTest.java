package dev.tdsmock.wire.types;

import static dev.tdsmock.wire.types.WireBytes.hex;
import static dev.tdsmock.wire.types.WireBytes.hexOf;
import static dev.tdsmock.wire.types.WireBytes.readableBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Byte-exact expectations, worked out by hand from MS-TDS. */
class ResultSetEncoderTest {
    private static final String COLLATION = "09 04 D0 00 34";

    /** COLMETADATA of one column named "x" (B_VARCHAR 01 78 00). */
    private static String metadataOf(String declaration) {
        ByteBuf out = Unpooled.buffer();
        ResultSetEncoder.writeColMetadata(out, List.of(new Column("x", SqlType.parse(declaration))));
        return hexOf(readableBytes(out));
    }

    /** ROW of one column. */
    private static String rowOf(String declaration, Object value) {
        ByteBuf out = Unpooled.buffer();
        ResultSetEncoder.writeRow(out, List.of(new Column("x", SqlType.parse(declaration))),
                Collections.singletonList(value));
        return hexOf(readableBytes(out));
    }

    /** Token, count 1, UserType 0, flags 0x0021 (nullable, computed), TYPE_INFO, name "x". */
    private static String singleColumn(String typeInfo) {
        return hexOf(hex("81 01 00 00 00 00 00 21 00 " + typeInfo + " 01 78 00"));
    }

    @Test
    void intOne() {
        assertEquals(singleColumn("26 04"), metadataOf("int"));
        assertEquals("D1 04 01 00 00 00", rowOf("int", 1));
    }

    @Test
    void matchesTheSpecificationsSqlBatchExampleExceptForNullability() {
        // MS-TDS 4.7: select 'foo' as 'bar' -> varchar(3), flags 0x0020; our columns are nullable, so 0x0021.
        ByteBuf out = Unpooled.buffer();
        List<Column> columns = List.of(new Column("bar", SqlType.parse("varchar(3)")));
        ResultSetEncoder.writeColMetadata(out, columns);
        ResultSetEncoder.writeRow(out, columns, List.of("foo"));
        assertEquals("81 01 00 00 00 00 00 21 00 A7 03 00 09 04 D0 00 34 03 62 00 61 00 72 00 D1 03 00 66 6F 6F",
                hexOf(readableBytes(out)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tinyint|26 01",
        "smallint|26 02",
        "int|26 04",
        "bigint|26 08",
        "bit|68 01",
        "real|6D 04",
        "float|6D 08",
        "decimal(9,2)|6A 05 09 02",
        "decimal(10,2)|6A 09 0A 02",
        "decimal(19,0)|6A 09 13 00",
        "decimal(20,5)|6A 0D 14 05",
        "decimal(28,0)|6A 0D 1C 00",
        "decimal(29,0)|6A 11 1D 00",
        "decimal(38,38)|6A 11 26 26",
        "numeric(5,1)|6C 05 05 01",
        "money|6E 08",
        "datetime|6F 08",
        "date|28",
        "time(0)|29 00",
        "time(7)|29 07",
        "datetime2(3)|2A 03",
        "datetimeoffset(0)|2B 00",
        "uniqueidentifier|24 10",
        "nvarchar(5)|E7 0A 00 " + COLLATION,
        "nvarchar(4000)|E7 40 1F " + COLLATION,
        "nvarchar(max)|E7 FF FF " + COLLATION,
        "nchar(3)|EF 06 00 " + COLLATION,
        "varchar(8000)|A7 40 1F " + COLLATION,
        "varchar(max)|A7 FF FF " + COLLATION,
        "char(3)|AF 03 00 " + COLLATION,
        "varbinary(4)|A5 04 00",
        "varbinary(max)|A5 FF FF",
        "binary(16)|AD 10 00",
    })
    void typeInfo(String declaration, String typeInfo) {
        assertEquals(singleColumn(typeInfo), metadataOf(declaration));
    }

    @Test
    void integers() {
        assertEquals("D1 01 FF", rowOf("tinyint", 255));
        assertEquals("D1 02 FF FF", rowOf("smallint", -1));
        assertEquals("D1 04 FF FF FF 7F", rowOf("int", Integer.MAX_VALUE));
        assertEquals("D1 08 01 00 00 00 00 00 00 80", rowOf("bigint", Long.MIN_VALUE + 1));
        assertEquals("D1 01 01", rowOf("bit", true));
        assertEquals("D1 01 00", rowOf("bit", false));
    }

    @Test
    void floats() {
        assertEquals("D1 08 00 00 00 00 00 00 F0 3F", rowOf("float", 1.0));
        assertEquals("D1 04 00 00 C0 3F", rowOf("real", 1.5f));
    }

    @Test
    void decimals() {
        // 12.34 at scale 2 is 1234 = 0x04D2; precision 10 takes an 8-byte magnitude
        assertEquals("D1 09 01 D2 04 00 00 00 00 00 00", rowOf("decimal(10,2)", "12.34"));
        assertEquals("D1 09 00 D2 04 00 00 00 00 00 00", rowOf("decimal(10,2)", "-12.34"));
        assertEquals("D1 05 01 00 00 00 00", rowOf("numeric(5,1)", 0));
        // 10^38 - 1 = 0x4B3B4CA85A86C47A098A223FFFFFFFFF
        assertEquals("D1 11 01 FF FF FF FF 3F 22 8A 09 7A C4 86 5A A8 4C 3B 4B",
                rowOf("decimal(38,0)", "9".repeat(38)));
        assertEquals("D1 0D 00 01 00 00 00 00 00 00 00 00 00 00 00", rowOf("decimal(20,5)", "-0.00001"));
    }

    @Test
    void money() {
        // 1.0001 * 10^4 = 10001 = 0x2711: high half 0, then low half
        assertEquals("D1 08 00 00 00 00 11 27 00 00", rowOf("money", "1.0001"));
        // -1 * 10^4 = 0xFFFFFFFFFFFFD8F0
        assertEquals("D1 08 FF FF FF FF F0 D8 FF FF", rowOf("money", -1));
        // 2^32 / 10^4: high half 1, low half 0
        assertEquals("D1 08 01 00 00 00 00 00 00 00", rowOf("money", "429496.7296"));
    }

    @Test
    void dateIsDaysSinceYearOne() {
        // 2000-01-01 is day 730119; 24 years with 6 leap days later is 738885; 30 days on, 2024-01-31 is 738915 = 0x0B4663
        assertEquals("D1 03 63 46 0B", rowOf("date", "2024-01-31"));
        assertEquals("D1 03 00 00 00", rowOf("date", "0001-01-01"));
        // 9999-12-31 is day 3652058 = 0x37B9DA
        assertEquals("D1 03 DA B9 37", rowOf("date", "9999-12-31"));
    }

    @Test
    void timeCountsUnitsOfTheScale() {
        // one second at scale 7 is 10^7 = 0x989680 in 5 bytes
        assertEquals("D1 05 80 96 98 00 00", rowOf("time(7)", "00:00:01"));
        // one minute at scale 0 is 60 = 0x3C in 3 bytes
        assertEquals("D1 03 3C 00 00", rowOf("time(0)", "00:01:00"));
        // 0.5 s at scale 3 is 500 = 0x01F4 in 4 bytes
        assertEquals("D1 04 F4 01 00 00", rowOf("time(3)", "00:00:00.5"));
    }

    @Test
    void datetime2IsTimeThenDate() {
        assertEquals("D1 08 80 96 98 00 00 63 46 0B", rowOf("datetime2(7)", "2024-01-31T00:00:01"));
        assertEquals("D1 06 3C 00 00 63 46 0B", rowOf("datetime2(0)", "2024-01-31 00:01:00"));
    }

    @Test
    void datetimeoffsetIsUtcThenOffset() {
        // 01:00+02:00 on the 31st is 23:00 UTC on the 30th: 82800 s = 0x014370, day 738914 = 0x0B4662, offset 120 = 0x78
        assertEquals("D1 08 70 43 01 62 46 0B 78 00", rowOf("datetimeoffset(0)", "2024-01-31T01:00:00+02:00"));
        // -05:00 is -300 = 0xFED4
        assertEquals("D1 0A 00 00 00 00 00 63 46 0B D4 FE", rowOf("datetimeoffset(7)", "2024-01-30T19:00:00-05:00"));
    }

    @Test
    void datetimeIsDaysSince1900AndThreeHundredthsOfASecond() {
        // one day and one second after 1900-01-01: 300 ticks = 0x012C
        assertEquals("D1 08 01 00 00 00 2C 01 00 00", rowOf("datetime", "1900-01-02T00:00:01"));
        // 1753-01-01 is 53690 days before 1900-01-01
        assertEquals("D1 08 46 2E FF FF 00 00 00 00", rowOf("datetime", "1753-01-01"));
        // .997 s is 299.1 ticks -> 299 = 0x012B
        assertEquals("D1 08 00 00 00 00 2B 01 00 00", rowOf("datetime", "1900-01-01T00:00:00.997"));
    }

    @Test
    void guidHasItsFirstThreeGroupsLittleEndian() {
        assertEquals("D1 10 FF 19 96 6F 86 8B 11 D0 B4 2D 00 C0 4F C9 64 FF",
                rowOf("uniqueidentifier", "6F9619FF-8B86-D011-B42D-00C04FC964FF"));
    }

    @Test
    void characterData() {
        assertEquals("D1 04 00 61 00 62 00", rowOf("nvarchar(5)", "ab"));
        assertEquals("D1 06 00 61 00 20 00 20 00", rowOf("nchar(3)", "a"));
        assertEquals("D1 02 00 E9 80", rowOf("varchar(3)", "é€"));
        assertEquals("D1 03 00 61 20 20", rowOf("char(3)", "a"));
        assertEquals("D1 00 00", rowOf("varchar(3)", ""));
        assertEquals("D1 02 00 0A 0B", rowOf("varbinary(4)", "0x0A0B"));
        assertEquals("D1 03 00 0A 00 00", rowOf("binary(3)", "0x0A"));
    }

    @Test
    void maxTypesUsePlp() {
        // ULONGLONG total length, one chunk (ULONG length + bytes), ULONG 0 terminator
        assertEquals("D1 04 00 00 00 00 00 00 00 04 00 00 00 61 00 62 00 00 00 00 00",
                rowOf("nvarchar(max)", "ab"));
        assertEquals("D1 01 00 00 00 00 00 00 00 01 00 00 00 78 00 00 00 00", rowOf("varchar(max)", "x"));
        // an empty value has no chunk at all
        assertEquals("D1 00 00 00 00 00 00 00 00 00 00 00 00", rowOf("varbinary(max)", "0x"));
    }

    @Test
    void longPlpValuesAreSplitIntoChunks() {
        byte[] data = new byte[8001];
        Arrays.fill(data, (byte) 7);
        ByteBuf out = Unpooled.buffer();
        ResultSetEncoder.writeRow(out, List.of(new Column("b", SqlType.parse("varbinary(max)"))), List.of(data));
        assertEquals(0xD1, out.readUnsignedByte());
        assertEquals(8001, out.readLongLE());
        assertEquals(8000, out.readIntLE());
        out.skipBytes(8000);
        assertEquals(1, out.readIntLE());
        assertEquals(7, out.readByte());
        assertEquals(0, out.readIntLE());
        assertEquals(0, out.readableBytes());
    }

    @ParameterizedTest(name = "NULL {0}")
    @CsvSource(delimiter = '|', value = {
        "tinyint|00", "smallint|00", "int|00", "bigint|00", "bit|00", "real|00", "float|00",
        "decimal(10,2)|00", "numeric(38,0)|00", "money|00", "datetime|00", "date|00", "time(7)|00",
        "datetime2(7)|00", "datetimeoffset(7)|00", "uniqueidentifier|00",
        "nvarchar(5)|FF FF", "nchar(5)|FF FF", "varchar(5)|FF FF", "char(5)|FF FF", "varbinary(5)|FF FF",
        "binary(5)|FF FF",
        "nvarchar(max)|FF FF FF FF FF FF FF FF", "varchar(max)|FF FF FF FF FF FF FF FF",
        "varbinary(max)|FF FF FF FF FF FF FF FF",
    })
    void nullEncodings(String declaration, String nullBytes) {
        assertEquals("D1 " + nullBytes, rowOf(declaration, null));
    }

    @Test
    void severalColumns() {
        List<Column> columns = List.of(new Column("id", SqlType.parse("int")), new Column("", SqlType.parse("bit")));
        ByteBuf out = Unpooled.buffer();
        ResultSetEncoder.writeColMetadata(out, columns);
        ResultSetEncoder.writeRow(out, columns, Arrays.asList(7, null));
        assertArrayEquals(hex("81 02 00"
                + " 00 00 00 00 21 00 26 04 02 69 00 64 00"
                + " 00 00 00 00 21 00 68 01 00"
                + " D1 04 07 00 00 00 00"), readableBytes(out));
    }

    @Test
    void rowValuesAreCoercedAndCheckedBeforeAnythingIsWritten() {
        List<Column> columns = List.of(new Column("a", SqlType.parse("int")), new Column("b", SqlType.parse("tinyint")));
        ByteBuf out = Unpooled.buffer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultSetEncoder.writeRow(out, columns, List.of(1, 300)));
        assertTrue(e.getMessage().contains("tinyint"), e.getMessage());
        assertEquals(0, out.writerIndex());
        ResultSetEncoder.writeRow(out, columns, List.of("5", 6L));
        assertEquals("D1 04 05 00 00 00 01 06", hexOf(readableBytes(out)));
    }

    @Test
    void rowNeedsOneValuePerColumn() {
        List<Column> columns = List.of(new Column("a", SqlType.parse("int")));
        assertThrows(IllegalArgumentException.class,
                () -> ResultSetEncoder.writeRow(Unpooled.buffer(), columns, List.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> ResultSetEncoder.writeRow(Unpooled.buffer(), columns, List.of()));
    }

    @Test
    void rejectsNoColumnsAndOverlongNames() {
        assertThrows(IllegalArgumentException.class, () -> ResultSetEncoder.writeColMetadata(Unpooled.buffer(), List.of()));
        List<Column> longName = List.of(new Column("n".repeat(256), SqlType.parse("int")));
        ByteBuf out = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> ResultSetEncoder.writeColMetadata(out, longName));
        assertEquals(0, out.writerIndex());
        ResultSetEncoder.writeColMetadata(out, List.of(new Column("n".repeat(255), SqlType.parse("int"))));
        assertEquals(1 + 2 + 4 + 2 + 2 + 1 + 510, out.readableBytes());
    }

    @Test
    void columnNeedsNameAndType() {
        assertThrows(NullPointerException.class, () -> new Column(null, SqlType.parse("int")));
        assertThrows(NullPointerException.class, () -> new Column("a", null));
    }

    @Test
    void collationArrayChangesDoNotReachTheWire() {
        byte saved = Collations.DEFAULT_COLLATION[0];
        try {
            Collations.DEFAULT_COLLATION[0] = 0x7F;
            ByteBuf out = Unpooled.buffer();
            Collations.writeDefault(out);
            assertEquals(COLLATION, hexOf(readableBytes(out)));
        } finally {
            Collations.DEFAULT_COLLATION[0] = saved;
        }
    }
}
