package dev.tdsmock.wire.types;

import static dev.tdsmock.wire.types.WireBytes.bVarchar;
import static dev.tdsmock.wire.types.WireBytes.buffer;
import static dev.tdsmock.wire.types.WireBytes.readableBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value written in a ROW by {@link ResultSetEncoder} reads back as an RPC parameter: the nullable types the encoder
 * chooses have the same TYPE_INFO and TYPE_VARBYTE layout in COLMETADATA/ROW as in RPC ParameterData.
 */
class RoundTripTest {

    static Stream<Arguments> values() {
        byte[] bigBinary = new byte[20_000];
        for (int i = 0; i < bigBinary.length; i++) {
            bigBinary[i] = (byte) (i * 31);
        }
        return Stream.of(
                Arguments.of("int", 0), Arguments.of("int", -1), Arguments.of("int", Integer.MIN_VALUE),
                Arguments.of("int", Integer.MAX_VALUE),
                Arguments.of("bigint", Long.MIN_VALUE), Arguments.of("bigint", Long.MAX_VALUE),
                Arguments.of("smallint", Short.MIN_VALUE), Arguments.of("smallint", Short.MAX_VALUE),
                Arguments.of("tinyint", 0), Arguments.of("tinyint", 255),
                Arguments.of("bit", true), Arguments.of("bit", false),
                Arguments.of("float", 0.1), Arguments.of("float", -1e300), Arguments.of("float", Double.MIN_VALUE),
                Arguments.of("float", -0.0),
                Arguments.of("real", 3.14f), Arguments.of("real", Float.MAX_VALUE), Arguments.of("real", -Float.MIN_VALUE),
                Arguments.of("decimal(10,2)", "12.34"), Arguments.of("decimal(10,2)", "-99999999.99"),
                Arguments.of("decimal(9,9)", "0.000000001"), Arguments.of("decimal(19,4)", "-123456789012345.6789"),
                Arguments.of("decimal(28,10)", "123456789012345678.0123456789"),
                Arguments.of("decimal(38,0)", "9".repeat(38)), Arguments.of("decimal(38,0)", "-" + "9".repeat(38)),
                Arguments.of("decimal(38,38)", "0." + "9".repeat(38)), Arguments.of("decimal(38,6)", "0"),
                Arguments.of("numeric(9,3)", "-123456.789"), Arguments.of("numeric(1,0)", "7"),
                Arguments.of("money", "922337203685477.5807"), Arguments.of("money", "-922337203685477.5808"),
                Arguments.of("money", "0.0001"), Arguments.of("money", "-1"),
                Arguments.of("nvarchar(10)", "héllo ☃"), Arguments.of("nvarchar(10)", ""),
                Arguments.of("nvarchar(4000)", "x".repeat(4000)),
                Arguments.of("nvarchar(max)", "\uD83D\uDE00".repeat(5000)), Arguments.of("nvarchar(max)", ""),
                Arguments.of("nchar(5)", "ab"), Arguments.of("nchar(1)", "☃"),
                Arguments.of("varchar(10)", "café €"), Arguments.of("varchar(8000)", "y".repeat(8000)),
                Arguments.of("varchar(max)", "z".repeat(20_000)), Arguments.of("char(4)", "x"),
                Arguments.of("varbinary(8000)", "0x" + "AB".repeat(8000)), Arguments.of("varbinary(1)", "0x"),
                Arguments.of("varbinary(max)", bigBinary), Arguments.of("varbinary(max)", new byte[0]),
                Arguments.of("binary(3)", "0x0102"),
                Arguments.of("datetime2(0)", "2024-01-31T12:34:56"), Arguments.of("datetime2(1)", "2024-01-31T12:34:56.1"),
                Arguments.of("datetime2(2)", "2024-01-31T12:34:56.12"),
                Arguments.of("datetime2(3)", "2024-01-31T12:34:56.123"),
                Arguments.of("datetime2(4)", "2024-01-31T12:34:56.1234"),
                Arguments.of("datetime2(5)", "2024-01-31T12:34:56.12345"),
                Arguments.of("datetime2(6)", "2024-01-31T12:34:56.123456"),
                Arguments.of("datetime2(7)", "2024-01-31T12:34:56.1234567"),
                Arguments.of("datetime2(7)", "0001-01-01T00:00:00"),
                Arguments.of("datetime2(7)", "9999-12-31T23:59:59.9999999"),
                Arguments.of("datetime", "2024-01-31T12:34:56.997"), Arguments.of("datetime", "1753-01-01T00:00:00"),
                Arguments.of("datetime", "9999-12-31T23:59:59.997"), Arguments.of("datetime", "1899-12-31T23:59:59.003"),
                Arguments.of("date", "0001-01-01"), Arguments.of("date", "2024-01-31"), Arguments.of("date", "9999-12-31"),
                Arguments.of("time(0)", "00:00:00"), Arguments.of("time(3)", "12:34:56.789"),
                Arguments.of("time(7)", "23:59:59.9999999"),
                Arguments.of("datetimeoffset(7)", "2024-01-31T12:34:56.1234567+02:00"),
                Arguments.of("datetimeoffset(0)", "2024-01-31T00:30:00+14:00"),
                Arguments.of("datetimeoffset(3)", "2024-12-31T23:30:00.5-14:00"),
                Arguments.of("datetimeoffset(7)", "0001-01-01T05:00:00+02:00"),
                Arguments.of("uniqueidentifier", "6F9619FF-8B86-D011-B42D-00C04FC964FF"),
                Arguments.of("uniqueidentifier", "00000000-0000-0000-0000-000000000000"));
    }

    static Stream<String> declarations() {
        return Stream.of("int", "bigint", "smallint", "tinyint", "bit", "float", "real", "decimal(10,2)",
                "numeric(38,5)", "money", "nvarchar(10)", "nvarchar(max)", "nchar(5)", "varchar(10)", "varchar(max)",
                "char(4)", "varbinary(10)", "varbinary(max)", "binary(3)", "datetime2(7)", "datetime2(0)", "datetime",
                "date", "time(7)", "time(2)", "datetimeoffset(7)", "datetimeoffset(4)", "uniqueidentifier");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("values")
    void valueReadsBack(String declaration, Object value) {
        SqlType type = SqlType.parse(declaration);
        Object expected = type.coerce(value);
        RpcParameter parameter = roundTrip(type, value);
        assertEquals(type, parameter.type());
        assertEquals("@p", parameter.name());
        assertNotNull(parameter.value());
        if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) parameter.value());
        } else {
            assertEquals(expected, parameter.value());
            assertEquals(expected.getClass(), parameter.value().getClass());
        }
    }

    @ParameterizedTest(name = "NULL {0}")
    @MethodSource("declarations")
    void nullReadsBack(String declaration) {
        SqlType type = SqlType.parse(declaration);
        RpcParameter parameter = roundTrip(type, null);
        assertEquals(type, parameter.type());
        assertNull(parameter.value());
    }

    @org.junit.jupiter.api.Test
    void datetimeoffsetKeepsItsOffset() {
        OffsetDateTime value = OffsetDateTime.of(LocalDateTime.of(2024, 1, 31, 1, 0), ZoneOffset.ofHoursMinutes(-3, -30));
        OffsetDateTime read = (OffsetDateTime) roundTrip(SqlType.parse("datetimeoffset(0)"), value).value();
        assertEquals(value.getOffset(), read.getOffset());
        assertEquals(value.toLocalDateTime(), read.toLocalDateTime());
    }

    /** Writes a one-column COLMETADATA and ROW, then reads "@p" built from that TYPE_INFO and value as a parameter. */
    private static RpcParameter roundTrip(SqlType type, Object value) {
        List<Column> columns = List.of(new Column("c", type));
        ByteBuf metadata = Unpooled.buffer();
        ResultSetEncoder.writeColMetadata(metadata, columns);
        byte[] metadataBytes = readableBytes(metadata);
        // token (1), count (2), UserType (4) and Flags (2) come before TYPE_INFO; the name "c" (1 + 2) after it
        byte[] typeInfo = Arrays.copyOfRange(metadataBytes, 9, metadataBytes.length - 3);

        ByteBuf row = Unpooled.buffer();
        ResultSetEncoder.writeRow(row, columns, Collections.singletonList(value));
        byte[] rowBytes = readableBytes(row);
        byte[] valueBytes = Arrays.copyOfRange(rowBytes, 1, rowBytes.length);

        ByteBuf parameter = buffer(bVarchar("@p"), new byte[] {0}, typeInfo, valueBytes);
        RpcParameter read = RpcParameterReader.read(parameter);
        assertEquals(0, parameter.readableBytes(), "the reader consumes exactly the parameter");
        return read;
    }
}
