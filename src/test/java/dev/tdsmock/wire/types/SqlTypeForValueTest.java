package dev.tdsmock.wire.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SqlTypeForValueTest {

    private static void assertTypeOf(String declaration, Object value) {
        assertEquals(declaration, SqlType.forValue(value).declaration(), "type of " + value);
    }

    @Test
    void numbers() {
        assertTypeOf("int", 7);
        assertTypeOf("bigint", 7L);
        assertTypeOf("smallint", (short) 7);
        assertTypeOf("tinyint", (byte) 7);
        assertTypeOf("bit", true);
        assertTypeOf("float", 1.5);
        assertTypeOf("real", 1.5f);
    }

    @Test
    void bareNullIsInt() {
        assertTypeOf("int", null);
    }

    @Test
    void decimalsKeepTheirScaleWithPrecision38() {
        assertTypeOf("decimal(38,2)", new BigDecimal("12.34"));
        assertTypeOf("decimal(38,0)", new BigDecimal("42"));
        assertTypeOf("decimal(38,5)", new BigDecimal("0.00001"));
        assertTypeOf("decimal(38,0)", new BigDecimal("1E+3"));
        // 35 integer digits leave room for only 3 decimals
        assertTypeOf("decimal(38,3)", new BigDecimal("1" + "0".repeat(34) + ".12345"));
        assertTypeOf("decimal(38,38)", new BigDecimal("0." + "1".repeat(40)));
    }

    @Test
    void decimalsWithMoreThan38IntegerDigitsHaveNoType() {
        BigDecimal tooBig = new BigDecimal("1E+40");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlType.forValue(tooBig));
        assertTrue(e.getMessage().contains("integer digits"), e.getMessage());
    }

    @Test
    void stringsAreNvarcharOfTheirLength() {
        assertTypeOf("nvarchar(1)", "");
        assertTypeOf("nvarchar(5)", "hello");
        assertTypeOf("nvarchar(4000)", "x".repeat(4000));
        assertTypeOf("nvarchar(max)", "x".repeat(4001));
    }

    @Test
    void bytesAreVarbinaryOfTheirLength() {
        assertTypeOf("varbinary(1)", new byte[0]);
        assertTypeOf("varbinary(3)", new byte[3]);
        assertTypeOf("varbinary(8000)", new byte[8000]);
        assertTypeOf("varbinary(max)", new byte[8001]);
    }

    @Test
    void temporalAndGuid() {
        assertTypeOf("uniqueidentifier", UUID.randomUUID());
        assertTypeOf("date", LocalDate.of(2024, 1, 31));
        assertTypeOf("datetime2(7)", LocalDateTime.of(2024, 1, 31, 12, 0));
        assertTypeOf("time(7)", LocalTime.NOON);
        assertTypeOf("datetimeoffset(7)", OffsetDateTime.of(2024, 1, 31, 12, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void unsupportedClassesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlType.forValue(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void theTypeAcceptsTheValue() {
        Object[] values = {7, 7L, (short) 7, true, 1.5, 1.5f, new BigDecimal("12.34"), "hello", new byte[] {1},
            UUID.randomUUID(), LocalDate.of(2024, 1, 31), LocalTime.NOON};
        for (Object value : values) {
            SqlType type = SqlType.forValue(value);
            Object coerced = type.coerce(value);
            if (value instanceof byte[] bytes) {
                assertEquals(bytes.length, ((byte[]) coerced).length);
            } else {
                assertEquals(value, coerced, "coerce of " + value + " by " + type);
            }
        }
        assertEquals(Short.valueOf((short) 7), SqlType.forValue((byte) 7).coerce((byte) 7));
    }
}
