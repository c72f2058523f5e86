package dev.tdsmock.wire.types;

import static dev.tdsmock.wire.types.WireBytes.bVarchar;
import static dev.tdsmock.wire.types.WireBytes.buffer;
import static dev.tdsmock.wire.types.WireBytes.hex;
import static dev.tdsmock.wire.types.WireBytes.readableBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parameters built by hand the way drivers send them, and malformed ones. */
class RpcParameterReaderTest {
    private static final String COLLATION = "09 04 D0 00 34";
    /** TVP_TYPENAME (MS-TDS 2.2.5.5.5.1): no database, schema dbo, type Ids. */
    private static final String TVP_NAME = "F3 00 03 64 00 62 00 6F 00 03 49 00 64 00 73 00";
    /** TVP_COLMETADATA of an int and a nullable nvarchar(10), both with empty names. */
    private static final String TVP_INT_AND_NVARCHAR = "02 00 00 00 00 00 00 00 26 04 00 00 00 00 00 01 00 E7 14 00 "
            + COLLATION + " 00";
    /** xml, sql_variant, UDT and TVP parameters, framed right, each as one complete parameter. */
    private static final String[] EXTENDED_TYPES = {
        "F1 00 08 00 00 00 00 00 00 00 08 00 00 00 3C 00 61 00 2F 00 3E 00 00 00 00 00",
        "F1 01 00 03 64 00 62 00 6F 00 01 00 78 00 FF FF FF FF FF FF FF FF",
        "F0 00 03 64 00 62 00 6F 00 01 50 00 FE FF FF FF FF FF FF FF 02 00 00 00 01 02 00 00 00 00",
        "62 50 1F 00 00 06 00 00 00 38 00 2A 00 00 00",
        "62 50 1F 00 00 0D 00 00 00 E7 07 " + COLLATION + " 08 00 68 00 69 00",
        "62 50 1F 00 00 09 00 00 00 6A 02 05 02 01 7B 00 00 00",
        "62 50 1F 00 00 00 00 00 00",
        TVP_NAME + " " + TVP_INT_AND_NVARCHAR + " 10 01 00 01 00 01 11 01 00 01 00 00"
                + " 01 04 01 00 00 00 04 00 68 00 69 00 01 04 02 00 00 00 FF FF 00",
        TVP_NAME + " 02 00 00 00 00 00 00 00 F1 00 00 00 00 00 00 00 00 62 50 1F 00 00 00 00"
                + " 01 FF FF FF FF FF FF FF FF 06 00 00 00 38 00 2A 00 00 00 00",
    };

    /** An unnamed input parameter with the given TYPE_INFO and value bytes. */
    private static RpcParameter read(String typeInfoAndValue) {
        ByteBuf in = buffer(hex("00 00 " + typeInfoAndValue));
        RpcParameter parameter = RpcParameterReader.read(in);
        assertEquals(0, in.readableBytes(), "the reader consumes exactly the parameter");
        return parameter;
    }

    private static MalformedTdsException malformed(String typeInfoAndValue) {
        ByteBuf in = buffer(hex("00 00 " + typeInfoAndValue));
        MalformedTdsException e = assertThrows(MalformedTdsException.class, () -> RpcParameterReader.read(in));
        assertEquals(0, in.readerIndex(), "a failed read leaves the reader index where it was");
        return e;
    }

    private static void assertParameter(String declaration, Object value, RpcParameter parameter) {
        assertEquals(declaration, parameter.type().declaration());
        assertEquals(value, parameter.value());
    }

    @Test
    void nameAndStatusFlags() {
        ByteBuf in = buffer(bVarchar("@total"), hex("01 26 04 04 2A 00 00 00"));
        RpcParameter parameter = RpcParameterReader.read(in);
        assertEquals("@total", parameter.name());
        assertEquals(1, parameter.statusFlags());
        assertTrue(parameter.isOutput());
        assertParameter("int", 42, parameter);

        RpcParameter unnamed = read("26 04 00");
        assertEquals("", unnamed.name());
        assertFalse(unnamed.isOutput());
        assertNull(unnamed.value());
    }

    @Test
    void defaultValueFlagIsKeptButIsNotOutput() {
        RpcParameter parameter = RpcParameterReader.read(buffer(hex("00 02 26 02 00")));
        assertEquals(2, parameter.statusFlags());
        assertFalse(parameter.isOutput());
        assertParameter("smallint", null, parameter);
    }

    @Test
    void readsParametersOneAfterAnother() {
        ByteBuf in = buffer(bVarchar("@a"), hex("00 26 08 08 05 00 00 00 00 00 00 00"),
                bVarchar("@b"), hex("00 E7 40 1F " + COLLATION + " 04 00 68 00 69 00"),
                hex("FF"));
        RpcParameter first = RpcParameterReader.read(in);
        RpcParameter second = RpcParameterReader.read(in);
        assertParameter("bigint", 5L, first);
        assertEquals("@b", second.name());
        assertParameter("nvarchar(4000)", "hi", second);
        assertEquals(1, in.readableBytes(), "the byte after the last parameter is left alone");
    }

    @Test
    void fixedLengthTypesHaveNoLengthPrefix() {
        assertParameter("tinyint", (short) 200, read("30 C8"));
        assertParameter("smallint", (short) -2, read("34 FE FF"));
        assertParameter("int", 258, read("38 02 01 00 00"));
        assertParameter("bigint", -1L, read("7F FF FF FF FF FF FF FF FF"));
        assertParameter("bit", true, read("32 01"));
        assertParameter("bit", false, read("32 00"));
        assertParameter("real", 1.5f, read("3B 00 00 C0 3F"));
        assertParameter("float", 1.0, read("3E 00 00 00 00 00 00 F0 3F"));
        assertParameter("money", new BigDecimal("1.0001"), read("3C 00 00 00 00 11 27 00 00"));
        assertParameter("money", new BigDecimal("-1.0000"), read("3C FF FF FF FF F0 D8 FF FF"));
        assertParameter("money", new BigDecimal("1.0000"), read("7A 10 27 00 00"));
        assertParameter("datetime", LocalDateTime.of(1900, 1, 2, 0, 0, 1), read("3D 01 00 00 00 2C 01 00 00"));
        // smalldatetime: day 1, minute 61
        assertParameter("datetime", LocalDateTime.of(1900, 1, 2, 1, 1), read("3A 01 00 3D 00"));
    }

    @Test
    void nullTypeIsAnIntNull() {
        assertParameter("int", null, read("1F"));
    }

    @Test
    void nullableFixedSizeTypes() {
        assertParameter("tinyint", (short) 255, read("26 01 01 FF"));
        assertParameter("bigint", null, read("26 08 00"));
        assertParameter("bit", true, read("68 01 01 01"));
        assertParameter("bit", null, read("68 01 00"));
        assertParameter("real", -2.0f, read("6D 04 04 00 00 00 C0"));
        assertParameter("float", null, read("6D 08 00"));
        assertParameter("money", new BigDecimal("-0.0001"), read("6E 04 04 FF FF FF FF"));
        assertParameter("money", null, read("6E 08 00"));
        assertParameter("datetime", LocalDateTime.of(1900, 1, 1, 0, 2), read("6F 04 04 00 00 02 00"));
        assertParameter("datetime", LocalDateTime.of(1753, 1, 1, 0, 0), read("6F 08 08 46 2E FF FF 00 00 00 00"));
        assertParameter("uniqueidentifier", UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF"),
                read("24 10 10 FF 19 96 6F 86 8B 11 D0 B4 2D 00 C0 4F C9 64 FF"));
        assertParameter("uniqueidentifier", null, read("24 10 00"));
    }

    @Test
    void decimalsAsDriversSendThem() {
        // precision 38 with a 17-byte value, as the Microsoft driver sends any BigDecimal
        assertParameter("decimal(38,2)", new BigDecimal("12.34"),
                read("6A 11 26 02 11 01 D2 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
        assertParameter("decimal(38,2)", new BigDecimal("-12.34"), read("6A 11 26 02 0D 00 D2 04 00 00 00 00 00 00 00 00 00 00"));
        assertParameter("numeric(10,0)", new BigDecimal("7"), read("6C 09 0A 00 09 01 07 00 00 00 00 00 00 00"));
        assertParameter("decimal(38,4)", null, read("6A 11 26 04 00"));
    }

    @Test
    void characterTypes() {
        assertParameter("nvarchar(4000)", "hello", read("E7 40 1F " + COLLATION + " 0A 00 68 00 65 00 6C 00 6C 00 6F 00"));
        assertParameter("nvarchar(4000)", "", read("E7 40 1F " + COLLATION + " 00 00"));
        assertParameter("nvarchar(4000)", null, read("E7 40 1F " + COLLATION + " FF FF"));
        assertParameter("nvarchar(1)", "", read("E7 00 00 " + COLLATION + " 00 00"));
        assertParameter("varchar(8000)", "café", read("A7 40 1F " + COLLATION + " 04 00 63 61 66 E9"));
        assertParameter("nchar(2)", "ab", read("EF 04 00 " + COLLATION + " 04 00 61 00 62 00"));
        assertParameter("char(3)", "a b", read("AF 03 00 " + COLLATION + " 03 00 61 20 62"));
    }

    @Test
    void binaryTypes() {
        RpcParameter parameter = read("A5 40 1F 03 00 01 02 03");
        assertEquals("varbinary(8000)", parameter.type().declaration());
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) parameter.value());
        assertParameter("varbinary(8000)", null, read("A5 40 1F FF FF"));
        RpcParameter fixed = read("AD 02 00 02 00 0A 0B");
        assertEquals("binary(2)", fixed.type().declaration());
        assertArrayEquals(new byte[] {0x0A, 0x0B}, (byte[]) fixed.value());
    }

    @Test
    void plpWithUnknownLength() {
        assertParameter("nvarchar(max)", "ab",
                read("E7 FF FF " + COLLATION + " FE FF FF FF FF FF FF FF 02 00 00 00 61 00 02 00 00 00 62 00 00 00 00 00"));
        assertParameter("varchar(max)", "", read("A7 FF FF " + COLLATION + " FE FF FF FF FF FF FF FF 00 00 00 00"));
    }

    @Test
    void plpWithKnownLengthInSeveralChunks() {
        RpcParameter parameter = read("A5 FF FF 05 00 00 00 00 00 00 00 02 00 00 00 01 02 03 00 00 00 03 04 05 00 00 00 00");
        assertEquals("varbinary(max)", parameter.type().declaration());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, (byte[]) parameter.value());
        assertParameter("varbinary(max)", null, read("A5 FF FF FF FF FF FF FF FF FF FF"));
    }

    @Test
    void textNtextAndImageCarryALongLength() {
        assertParameter("varchar(max)", "hello", read("23 FF FF FF 7F " + COLLATION + " 05 00 00 00 68 65 6C 6C 6F"));
        assertParameter("varchar(max)", null, read("23 FF FF FF 7F " + COLLATION + " FF FF FF FF"));
        assertParameter("nvarchar(max)", "hé", read("63 FE FF FF 7F " + COLLATION + " 04 00 00 00 68 00 E9 00"));
        assertParameter("nvarchar(max)", null, read("63 FE FF FF 7F " + COLLATION + " FF FF FF FF"));
        RpcParameter image = read("22 FF FF FF 7F 02 00 00 00 CA FE");
        assertEquals("varbinary(max)", image.type().declaration());
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, (byte[]) image.value());
        assertParameter("varbinary(max)", null, read("22 FF FF FF 7F FF FF FF FF"));
    }

    @Test
    void everyTruncationIsMalformed() {
        String[] parameters = {
            "26 04 04 2A 00 00 00",
            "38 2A 00 00 00",
            "6A 11 26 02 11 01 D2 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            "E7 40 1F " + COLLATION + " 04 00 68 00 69 00",
            "E7 FF FF " + COLLATION + " 04 00 00 00 00 00 00 00 04 00 00 00 68 00 69 00 00 00 00 00",
            "A5 FF FF FE FF FF FF FF FF FF FF 01 00 00 00 07 00 00 00 00",
            "63 FF FF FF 7F " + COLLATION + " 02 00 00 00 68 00",
            "2B 07 0A 00 00 00 00 00 63 46 0B 78 00",
            "24 10 10 FF 19 96 6F 86 8B 11 D0 B4 2D 00 C0 4F C9 64 FF",
        };
        for (String parameter : parameters) {
            byte[] complete = readableBytes(buffer(bVarchar("@p"), hex("00 " + parameter)));
            assertEquals(0, RpcParameterReader.read(Unpooled.wrappedBuffer(complete)).statusFlags());
            for (int length = 0; length < complete.length; length++) {
                ByteBuf truncated = Unpooled.wrappedBuffer(Arrays.copyOf(complete, length));
                assertThrows(MalformedTdsException.class, () -> RpcParameterReader.read(truncated),
                        "prefix of " + length + " bytes of " + parameter);
                assertEquals(0, truncated.readerIndex());
            }
        }
    }

    @Test
    void nameLongerThanTheBuffer() {
        ByteBuf in = buffer(hex("7F 40 00 41 00"));
        MalformedTdsException e = assertThrows(MalformedTdsException.class, () -> RpcParameterReader.read(in));
        assertTrue(e.getMessage().contains("parameter name"), e.getMessage());
    }

    @Test
    void absurdLengthsAreMalformed() {
        // USHORT value length far beyond the bytes present
        malformed("E7 40 1F " + COLLATION + " 40 1F 41 00");
        // value longer than the declared maximum
        malformed("E7 04 00 " + COLLATION + " 06 00 61 00 62 00 63 00");
        // PLP total length of 2^63 - 1
        malformed("A5 FF FF FF FF FF FF FF FF FF 7F 01 00 00 00 07 00 00 00 00");
        // PLP chunk of 0xFFFFFFFF bytes
        malformed("A5 FF FF FE FF FF FF FF FF FF FF FF FF FF FF 07 00 00 00 00");
        // PLP chunks that hold more than, or less than, the announced length
        malformed("A5 FF FF 01 00 00 00 00 00 00 00 02 00 00 00 07 08 00 00 00 00");
        malformed("A5 FF FF 03 00 00 00 00 00 00 00 02 00 00 00 07 08 00 00 00 00 00");
        // ntext claiming almost 2 GiB
        malformed("63 FF FF FF 7F " + COLLATION + " F0 FF FF 7F 68 00");
        // a negative LONGLEN other than -1
        malformed("22 FF FF FF 7F FB FF FF FF 00");
        // maximum lengths that no type allows
        malformed("A5 28 23 00 00");
        malformed("EF FF FF " + COLLATION + " 00 00");
        malformed("AD FF FF 00 00");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "INTN of length 3|26 03 03 01 02 03",
        "INTN value not of its declared length|26 04 08 01 00 00 00 00 00 00 00",
        "BITN of length 2|68 02 02 01 00",
        "FLTN of length 2|6D 02 00",
        "GUID of length 8|24 08 00",
        "DATETIMN of length 2|6F 02 00",
        "DECIMALN precision 39|6A 11 27 00 00",
        "DECIMALN precision 0|6A 11 00 00 00",
        "DECIMALN scale above precision|6A 05 05 06 00",
        "DECIMALN length 18|6A 12 26 00 00",
        "DECIMALN value length 1|6A 11 26 00 01 01",
        "TIMEN scale 8|29 08 00",
        "DATETIME2N value of the wrong length|2A 07 07 00 00 00 00 00 00 00",
        "DATEN value of the wrong length|28 02 00 00",
    })
    void invalidFramingIsMalformed(String what, String typeInfoAndValue) {
        malformed(typeInfoAndValue);
    }

    /** Framed right, but no valid instance of the type: read past, and marked for SQL Server's error 8023 or 8016. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "DECIMALN sign byte 2|6A 05 09 00 05 02 01 00 00 00|false",
        "DECIMALN value beyond its precision|6A 05 01 00 05 01 0A 00 00 00|false",
        "date after 9999-12-31|28 03 FF FF FF|false",
        "time past the end of the day|29 07 05 FF FF FF FF FF|false",
        "datetime ticks past the end of the day|6F 08 08 00 00 00 00 00 8B 8B 01|false",
        "datetime before 1753|6F 08 08 45 2E FF FF 00 00 00 00|false",
        "smalldatetime minute 1440|3A 00 00 A0 05|false",
        "datetimeoffset offset 841 minutes|2B 00 08 00 00 00 00 00 00 49 03|false",
        "datetimeoffset before 0001-01-01 at its offset|2B 00 08 00 00 00 00 00 00 B8 FC|false",
        "datetimeoffset after 9999-12-31 at its offset|2B 00 08 7F 51 01 DA B9 37 48 03|false",
        "float NaN|6D 08 08 00 00 00 00 00 00 F8 7F|false",
        "odd UTF-16 length|E7 40 1F 09 04 D0 00 34 03 00 61 00 62|true",
    })
    void invalidValuesAreReadPastAndMarked(String what, String typeInfoAndValue, boolean badLength) {
        RpcParameter parameter = read(typeInfoAndValue);
        assertNull(parameter.value());
        assertNotNull(parameter.invalid(), what);
        assertEquals(badLength, parameter.invalid().badLength());
        assertEquals(Integer.parseInt(typeInfoAndValue.substring(0, 2), 16), parameter.invalid().tdsType());
    }

    @Test
    void varcharBytesThatCodePage1252LeavesUndefinedKeepTheirNumber() {
        RpcParameter parameter = read("A7 0A 00 " + COLLATION + " 03 00 81 41 9D");
        assertEquals("\u0081A\u009D", parameter.value());
        assertNull(parameter.invalid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"F4", "F5", "27", "25", "37", "00", "FF"})
    void unsupportedTypesNameTheirByte(String typeByte) {
        MalformedTdsException e = malformed(typeByte + " 00 00 00 00 00 00 00 00");
        assertTrue(e.getMessage().contains("0x" + typeByte), e.getMessage());
    }

    @Test
    void encryptedParametersAreRefused() {
        ByteBuf in = buffer(hex("00 08 26 04 04 2A 00 00 00"));
        MalformedTdsException e = assertThrows(MalformedTdsException.class, () -> RpcParameterReader.read(in));
        assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    }

    @Test
    void messagesNameTheParameter() {
        ByteBuf in = buffer(bVarchar("@when"), hex("00 29 09 00"));
        MalformedTdsException e = assertThrows(MalformedTdsException.class, () -> RpcParameterReader.read(in));
        assertTrue(e.getMessage().contains("@when"), e.getMessage());
        assertTrue(e.getMessage().contains("0x29"), e.getMessage());
    }

    @Test
    void xmlIsItsTextAsNvarcharMax() {
        assertParameter("nvarchar(max)", "<a/>", read(EXTENDED_TYPES[0]));
        assertParameter("nvarchar(max)", null, read(EXTENDED_TYPES[1]));
        // UTF-8 with its byte order mark, and UTF-16LE with its own
        assertParameter("nvarchar(max)", "<a/>", read("F1 00 07 00 00 00 00 00 00 00 07 00 00 00 EF BB BF 3C 61 2F 3E"
                + " 00 00 00 00"));
        assertParameter("nvarchar(max)", "<b/>", read("F1 00 FE FF FF FF FF FF FF FF 0A 00 00 00 FF FE 3C 00 62 00 2F 00"
                + " 3E 00 00 00 00 00"));
    }

    @Test
    void udtIsReadPastAndMarkedUnsupported() {
        RpcParameter parameter = read(EXTENDED_TYPES[2]);
        assertNull(parameter.value());
        assertEquals(0xF0, parameter.invalid().tdsType());
        assertEquals("CLR user-defined type dbo.P", parameter.invalid().unsupported());
    }

    @Test
    void sqlVariantIsTheValueOfItsBaseType() {
        assertParameter("int", 42, read(EXTENDED_TYPES[3]));
        assertParameter("nvarchar(4)", "hi", read(EXTENDED_TYPES[4]));
        assertParameter("decimal(5,2)", new BigDecimal("1.23"), read(EXTENDED_TYPES[5]));
        assertNull(read(EXTENDED_TYPES[6]).value());
        assertNull(read(EXTENDED_TYPES[6]).invalid());
        RpcParameter binary = read("62 50 1F 00 00 06 00 00 00 A5 02 08 00 CA FE");
        assertEquals("varbinary(8)", binary.type().declaration());
        assertArrayEquals(new byte[] {(byte) 0xCA, (byte) 0xFE}, (byte[]) binary.value());
    }

    @Test
    void sqlVariantHoldingAnInvalidValueIsReadPastAndMarked() {
        RpcParameter nan = read("62 50 1F 00 00 0A 00 00 00 3E 00 00 00 00 00 00 00 F8 7F");
        assertNull(nan.value());
        assertEquals(0x62, nan.invalid().tdsType());
        assertNull(nan.invalid().unsupported());
    }

    @Test
    void tvpIsReadPastWithAllItsRowsAndMarkedUnsupported() {
        for (String tvp : new String[] {EXTENDED_TYPES[7], EXTENDED_TYPES[8]}) {
            RpcParameter parameter = read(tvp);
            assertNull(parameter.value());
            assertEquals(0xF3, parameter.invalid().tdsType());
            assertEquals("table-valued parameter of type dbo.Ids", parameter.invalid().unsupported());
        }
        // a column with fDefault (0x0200) has no data in the rows
        read(TVP_NAME + " 02 00 00 00 00 00 00 00 26 04 00 00 00 00 00 00 02 E7 14 00 " + COLLATION
                + " 00 00 01 04 07 00 00 00 00");
        // TVP_NULL_TOKEN in place of the columns, and no rows
        assertEquals("table-valued parameter of type dbo.Ids",
                read(TVP_NAME + " FF FF 00 00").invalid().unsupported());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "xml SCHEMA_PRESENT 2|F1 02 FF FF FF FF FF FF FF FF",
        "sql_variant of a negative maximum length|62 FF FF FF FF 00 00 00 00",
        "sql_variant length 1|62 50 1F 00 00 01 00 00 00 38",
        "sql_variant BaseType xml|62 50 1F 00 00 02 00 00 00 F1 00",
        "sql_variant int with a property|62 50 1F 00 00 07 00 00 00 38 01 00 2A 00 00 00",
        "sql_variant int of 5 bytes|62 50 1F 00 00 07 00 00 00 38 00 2A 00 00 00 00",
        "sql_variant int of 2 bytes|62 50 1F 00 00 04 00 00 00 38 00 2A 00",
        "sql_variant properties past its length|62 50 1F 00 00 03 00 00 00 A5 05 00",
        "sql_variant nvarchar(max)|62 50 1F 00 00 09 00 00 00 E7 07 09 04 D0 00 34 FF FF",
        "sql_variant uniqueidentifier without data|62 50 1F 00 00 02 00 00 00 24 00",
        "TVP of no columns|F3 00 00 00 00 00 00 00",
        "TVP of 1025 columns|F3 00 00 00 01 04",
        "TVP column of type TVP|F3 00 00 00 01 00 00 00 00 00 00 00 F3",
        "TVP unknown metadata token|F3 00 00 00 01 00 00 00 00 00 00 00 26 04 00 12 00",
        "TVP unknown row token|F3 00 00 00 01 00 00 00 00 00 00 00 26 04 00 00 02",
        "TVP row without columns|F3 00 00 00 FF FF 00 01 00",
        "TVP row value of the wrong length|F3 00 00 00 01 00 00 00 00 00 00 00 26 04 00 00 01 02 01 00 00",
        "TVP_ORDER_UNIQUE past the end|F3 00 00 00 01 00 00 00 00 00 00 00 26 04 00 10 FF 00 01 00 01 00",
    })
    void extendedTypesFramedWrongAreMalformed(String what, String typeInfoAndValue) {
        malformed(typeInfoAndValue);
    }

    @Test
    void everyTruncationOfAnExtendedTypeIsMalformed() {
        for (String parameter : EXTENDED_TYPES) {
            byte[] complete = readableBytes(buffer(bVarchar("@p"), hex("00 " + parameter)));
            RpcParameterReader.read(Unpooled.wrappedBuffer(complete));
            for (int length = 0; length < complete.length; length++) {
                ByteBuf truncated = Unpooled.wrappedBuffer(Arrays.copyOf(complete, length));
                assertThrows(MalformedTdsException.class, () -> RpcParameterReader.read(truncated),
                        "prefix of " + length + " bytes of " + parameter);
                assertEquals(0, truncated.readerIndex());
            }
        }
    }
}
