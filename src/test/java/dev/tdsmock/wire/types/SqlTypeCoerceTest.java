package dev.tdsmock.wire.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTypeCoerceTest {

    private static Object coerce(String declaration, Object value) {
        return SqlType.parse(declaration).coerce(value);
    }

    /** The error names the type and shows the value. */
    private static void assertRejected(String declaration, Object value, String shownValue) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> coerce(declaration, value), () -> "coerce " + value);
        String declared = SqlType.parse(declaration).declaration();
        assertTrue(e.getMessage().contains(declared), e.getMessage());
        assertTrue(e.getMessage().contains(shownValue), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "int", "bigint", "smallint", "tinyint", "bit", "float", "real", "decimal(10,2)", "numeric(5,0)", "money",
        "nvarchar(5)", "nvarchar(max)", "nchar(5)", "varchar(5)", "varchar(max)", "char(5)", "varbinary(5)",
        "varbinary(max)", "binary(5)", "datetime2(7)", "datetime", "date", "time(7)", "datetimeoffset(7)",
        "uniqueidentifier",
    })
    void nullStaysNull(String declaration) {
        assertNull(coerce(declaration, null));
    }

    @Test
    void intTakesWholeNumbersInRange() {
        assertEquals(42, coerce("int", 42));
        assertEquals(42, coerce("int", 42L));
        assertEquals(42, coerce("int", " 42 "));
        assertEquals(42, coerce("int", 42.0));
        assertEquals(42, coerce("int", new BigDecimal("42.000")));
        assertEquals(Integer.MIN_VALUE, coerce("int", (long) Integer.MIN_VALUE));
        assertRejected("int", 42.5, "42.5");
        assertRejected("int", "abc", "\"abc\"");
        assertRejected("int", 2147483648L, "2147483648");
        assertRejected("int", true, "true");
        assertRejected("int", "1e999999", "1e999999");
        assertRejected("int", Double.NaN, "NaN");
    }

    @Test
    void bigint() {
        assertEquals(Long.MAX_VALUE, coerce("bigint", Long.MAX_VALUE));
        assertEquals(Long.MIN_VALUE, coerce("bigint", "-9223372036854775808"));
        assertEquals(5L, coerce("bigint", 5));
        assertRejected("bigint", "9223372036854775808", "9223372036854775808");
    }

    @Test
    void smallintAndTinyint() {
        assertEquals((short) 32767, coerce("smallint", 32767));
        assertEquals((short) -32768, coerce("smallint", -32768L));
        assertRejected("smallint", 32768, "32768");
        assertEquals((short) 255, coerce("tinyint", 255));
        assertEquals((short) 0, coerce("tinyint", "0"));
        assertEquals((short) 5, coerce("tinyint", (byte) 5));
        assertEquals((short) 200, coerce("tinyint", (short) 200));
        assertRejected("tinyint", -1, "-1");
        assertRejected("tinyint", 256, "256");
    }

    @Test
    void bit() {
        assertEquals(true, coerce("bit", true));
        assertEquals(false, coerce("bit", false));
        assertEquals(true, coerce("bit", 1));
        assertEquals(false, coerce("bit", 0L));
        assertEquals(true, coerce("bit", "true"));
        assertEquals(false, coerce("bit", " FALSE "));
        assertEquals(true, coerce("bit", "1"));
        assertEquals(false, coerce("bit", new BigDecimal("0.0")));
        assertRejected("bit", 2, "2");
        assertRejected("bit", "yes", "\"yes\"");
        assertRejected("bit", 0.5, "0.5");
    }

    @Test
    void floatAndReal() {
        assertEquals(1.5, coerce("float", 1.5));
        assertEquals(3.0, coerce("float", 3));
        assertEquals(2.5, coerce("float", "2.5"));
        assertEquals(0.1, coerce("float", new BigDecimal("0.1")));
        assertEquals(1.5f, coerce("real", 1.5));
        assertEquals(1.5f, coerce("real", 1.5f));
        assertEquals(-2.0f, coerce("real", "-2"));
        assertRejected("float", "NaN", "\"NaN\"");
        assertRejected("float", Double.POSITIVE_INFINITY, "Infinity");
        assertRejected("float", "abc", "\"abc\"");
        assertRejected("float", "1e400", "1e400");
        assertRejected("real", 1e39, "1.0E39");
        assertRejected("real", false, "false");
    }

    @Test
    void decimalRescalesHalfUp() {
        assertEquals(new BigDecimal("12.35"), coerce("decimal(10,2)", "12.345"));
        assertEquals(new BigDecimal("12.35"), coerce("decimal(10,2)", 12.345));
        assertEquals(new BigDecimal("12.00"), coerce("decimal(10,2)", 12));
        assertEquals(new BigDecimal("-0.01"), coerce("decimal(10,2)", new BigDecimal("-0.005")));
        assertEquals(new BigDecimal("99999999.99"), coerce("decimal(10,2)", "99999999.99"));
        assertEquals(new BigDecimal("12345"), coerce("numeric(5,0)", 12345.4));
        assertEquals(new BigDecimal("0"), coerce("decimal(1,0)", 0));
        assertEquals(new BigDecimal("1.5"), coerce("decimal(2,1)", 1.5f));
        assertEquals(new BigDecimal("12"), coerce("decimal(5,0)", BigInteger.valueOf(12)));
        assertRejected("decimal(10,2)", "123456789.1", "123456789.1");
        assertRejected("decimal(10,2)", "abc", "\"abc\"");
        assertRejected("decimal(10,2)", "1e-999999", "1e-999999");
        assertRejected("numeric(5,0)", 99999.5, "99999.5");
    }

    @Test
    void money() {
        assertEquals(new BigDecimal("1.2346"), coerce("money", 1.23456));
        assertEquals(new BigDecimal("922337203685477.5807"), coerce("money", "922337203685477.5807"));
        assertEquals(new BigDecimal("-922337203685477.5808"), coerce("money", "-922337203685477.5808"));
        assertEquals(new BigDecimal("5.0000"), coerce("money", 5));
        assertRejected("money", "922337203685477.5808", "922337203685477.5808");
        assertRejected("money", "-922337203685477.5809", "-922337203685477.5809");
    }

    @Test
    void unicodeText() {
        assertEquals("héllo", coerce("nvarchar(5)", "héllo"));
        assertEquals("日本", coerce("nvarchar(2)", "日本"));
        assertEquals("123", coerce("nvarchar(5)", 123));
        assertEquals("1.50", coerce("nvarchar(5)", new BigDecimal("1.50")));
        assertEquals("true", coerce("nvarchar(5)", true));
        assertEquals("x".repeat(100_000), coerce("nvarchar(max)", "x".repeat(100_000)));
        assertEquals("ab   ", coerce("nchar(5)", "ab"));
        assertEquals("abcde", coerce("nchar(5)", "abcde"));
        assertRejected("nvarchar(5)", "toolong", "\"toolong\"");
        assertRejected("nchar(2)", "abc", "\"abc\"");
        assertRejected("nvarchar(5)", LocalDate.of(2024, 1, 1), "2024-01-01");
    }

    @Test
    void codePage1252Text() {
        assertEquals("café€", coerce("varchar(5)", "café€"));
        assertEquals("a  ", coerce("char(3)", "a"));
        assertEquals("", coerce("varchar(max)", ""));
        assertRejected("varchar(5)", "日本", "\"日本\"");
        assertRejected("varchar(3)", "abcd", "\"abcd\"");
        assertRejected("varchar(max)", "\uD83D\uDE00", "\"\uD83D\uDE00\"");
    }

    @Test
    void longValuesAreShortenedInMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> coerce("nvarchar(5)", "y".repeat(10_000)));
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void binary() {
        assertArrayEquals(new byte[] {0x0A, 0x0B}, (byte[]) coerce("varbinary(4)", "0x0A0B"));
        assertArrayEquals(new byte[] {0x0A, (byte) 0xFF}, (byte[]) coerce("varbinary(4)", "0aff"));
        assertArrayEquals(new byte[0], (byte[]) coerce("varbinary(4)", "0x"));
        assertArrayEquals(new byte[] {1, 0, 0, 0}, (byte[]) coerce("binary(4)", "0x01"));
        byte[] original = {1, 2, 3};
        byte[] coerced = (byte[]) coerce("varbinary(max)", original);
        assertArrayEquals(original, coerced);
        assertNotSame(original, coerced, "a copy, so later changes to the caller's array do not leak in");
        assertRejected("varbinary(4)", "0x0A0", "\"0x0A0\"");
        assertRejected("varbinary(4)", "0xZZ", "\"0xZZ\"");
        assertRejected("varbinary(4)", "0x0102030405", "\"0x0102030405\"");
        assertRejected("binary(2)", new byte[3], "byte[3]");
        assertRejected("varbinary(4)", 12, "12");
    }

    @Test
    void datetime2() {
        assertEquals(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 123_456_700),
                coerce("datetime2(7)", "2024-01-31T12:34:56.1234567"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 12, 34, 56), coerce("datetime2", "2024-01-31 12:34:56"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 0, 0), coerce("datetime2", "2024-01-31"));
        LocalDateTime value = LocalDateTime.of(2024, 1, 31, 12, 34, 56, 100);
        assertEquals(value, coerce("datetime2(7)", value));
        assertEquals(LocalDateTime.of(2024, 1, 31, 12, 34, 57), coerce("datetime2(0)", "2024-01-31T12:34:56.5"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 12, 34, 56), coerce("datetime2(0)", "2024-01-31T12:34:56.4999"));
        assertEquals(LocalDateTime.of(2025, 1, 1, 0, 0), coerce("datetime2(2)", "2024-12-31T23:59:59.999"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 123_000_000),
                coerce("datetime2(3)", "2024-01-31T12:34:56.12345"));
        assertRejected("datetime2", "31/01/2024", "\"31/01/2024\"");
        assertRejected("datetime2", "2024-02-30T00:00:00", "2024-02-30");
        assertRejected("datetime2", LocalDateTime.of(10000, 1, 1, 0, 0), "+10000-01-01");
        assertRejected("datetime2(0)", "9999-12-31T23:59:59.5", "9999-12-31T23:59:59.5");
        assertRejected("datetime2", LocalDate.of(2024, 1, 31), "2024-01-31");
    }

    @Test
    void datetimeRoundsToThreeHundredthsOfASecond() {
        assertEquals(LocalDateTime.of(2024, 1, 31, 12, 34, 56, 123_000_000),
                coerce("datetime", "2024-01-31T12:34:56.1234567"));
        // .002 is 0.6 ticks -> 1 tick, which SQL Server shows as .003; .005 is 1.5 ticks -> 2 ticks, shown as .007
        assertEquals(LocalDateTime.of(2024, 1, 31, 0, 0, 0, 3_000_000), coerce("datetime", "2024-01-31T00:00:00.002"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 0, 0, 0, 7_000_000), coerce("datetime", "2024-01-31T00:00:00.005"));
        assertEquals(LocalDateTime.of(2024, 1, 31, 0, 0, 1), coerce("datetime", "2024-01-31T00:00:00.999"));
        assertEquals(LocalDateTime.of(2024, 2, 1, 0, 0), coerce("datetime", "2024-01-31T23:59:59.999"));
        assertEquals(LocalDateTime.of(1753, 1, 1, 0, 0), coerce("datetime", "1753-01-01"));
        assertRejected("datetime", "1752-12-31T23:59:59", "1752-12-31");
        assertRejected("datetime", "9999-12-31T23:59:59.999", "9999-12-31T23:59:59.999");
    }

    @Test
    void date() {
        assertEquals(LocalDate.of(2024, 1, 31), coerce("date", "2024-01-31"));
        assertEquals(LocalDate.of(1, 1, 1), coerce("date", LocalDate.of(1, 1, 1)));
        assertRejected("date", "2024-02-30", "\"2024-02-30\"");
        assertRejected("date", LocalDate.of(0, 12, 31), "0000-12-31");
        assertRejected("date", 20240131, "20240131");
    }

    @Test
    void time() {
        assertEquals(LocalTime.of(12, 34, 56, 123_456_700), coerce("time(7)", "12:34:56.1234567"));
        assertEquals(LocalTime.of(12, 34), coerce("time", "12:34"));
        assertEquals(LocalTime.of(12, 0, 0, 1_000_000), coerce("time(3)", "12:00:00.0005"));
        assertEquals(LocalTime.of(23, 59, 59), coerce("time(0)", "23:59:59.9"), "no wrap past midnight");
        assertEquals(LocalTime.NOON, coerce("time(0)", LocalTime.NOON));
        assertRejected("time", "25:00", "\"25:00\"");
    }

    @Test
    void datetimeoffset() {
        assertEquals(OffsetDateTime.of(2024, 1, 31, 12, 34, 56, 123_456_700, ZoneOffset.ofHours(2)),
                coerce("datetimeoffset(7)", "2024-01-31T12:34:56.1234567+02:00"));
        assertEquals(OffsetDateTime.of(2024, 1, 31, 12, 34, 56, 0, ZoneOffset.UTC),
                coerce("datetimeoffset", "2024-01-31 12:34:56Z"));
        assertEquals(OffsetDateTime.of(2024, 1, 31, 12, 34, 57, 0, ZoneOffset.ofHours(-5)),
                coerce("datetimeoffset(0)", "2024-01-31T12:34:56.6-05:00"));
        assertRejected("datetimeoffset", "2024-01-31T12:34:56+14:30", "+14:30");
        assertRejected("datetimeoffset",
                OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(1, 0, 30)), "+01:00:30");
        assertRejected("datetimeoffset", "0001-01-01T00:00:00+02:00", "0001-01-01");
        assertRejected("datetimeoffset", "2024-01-31T12:34:56", "\"2024-01-31T12:34:56\"");
    }

    @Test
    void uniqueidentifier() {
        UUID uuid = UUID.fromString("6F9619FF-8B86-D011-B42D-00C04FC964FF");
        assertEquals(uuid, coerce("uniqueidentifier", "6F9619FF-8B86-D011-B42D-00C04FC964FF"));
        assertEquals(uuid, coerce("uniqueidentifier", "{6f9619ff-8b86-d011-b42d-00c04fc964ff}"));
        assertEquals(uuid, coerce("uniqueidentifier", uuid));
        assertRejected("uniqueidentifier", "1-1-1-1-1", "\"1-1-1-1-1\"");
        assertRejected("uniqueidentifier", 5, "5");
    }
}
