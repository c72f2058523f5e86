package dev.tdsmock.wire.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Converts profile values (and values already of the right Java type) into the Java value a {@link SqlType} carries. */
final class ValueCoercion {
    /** Larger exponents are refused before any arithmetic, which would otherwise build enormous numbers. */
    private static final int MAX_EXPONENT = 1000;
    private static final Pattern GUID_TEXT =
            Pattern.compile("\\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\}?");
    private static final int SHOWN_TEXT_LENGTH = 60;

    private ValueCoercion() {
    }

    static Object coerce(SqlType type, Object value) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case INT -> Integer.valueOf((int) whole(type, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case BIGINT -> Long.valueOf(whole(type, value, Long.MIN_VALUE, Long.MAX_VALUE));
            case SMALLINT -> Short.valueOf((short) whole(type, value, Short.MIN_VALUE, Short.MAX_VALUE));
            case TINYINT -> Short.valueOf((short) whole(type, value, 0, 255));
            case BIT -> bit(type, value);
            case FLOAT -> Double.valueOf(finiteDouble(type, value));
            case REAL -> real(type, value);
            case DECIMAL, NUMERIC, MONEY -> decimal(type, value);
            case NVARCHAR, NCHAR, VARCHAR, CHAR -> text(type, value);
            case VARBINARY, BINARY -> binary(type, value);
            case DATETIME2 -> dateTime2(type, value);
            case DATETIME -> datetime(type, value);
            case DATE -> date(type, value);
            case TIME -> TemporalCodec.roundToScale(parsed(type, value, LocalTime.class, LocalTime::parse), type.scale());
            case DATETIMEOFFSET -> dateTimeOffset(type, value);
            case UNIQUEIDENTIFIER -> guid(type, value);
        };
    }

    private static long whole(SqlType type, Object value, long min, long max) {
        BigDecimal number = number(type, value);
        BigInteger whole;
        try {
            whole = number.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw mismatch(type, value, "it is not a whole number");
        }
        if (whole.compareTo(BigInteger.valueOf(min)) < 0 || whole.compareTo(BigInteger.valueOf(max)) > 0) {
            throw overflow(type, value, "it is outside " + min + ".." + max);
        }
        return whole.longValue();
    }

    private static Boolean bit(SqlType type, Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1":
                    return Boolean.TRUE;
                case "false", "0":
                    return Boolean.FALSE;
                default:
                    throw mismatch(type, value, "expected true, false, 1 or 0");
            }
        }
        BigDecimal number = number(type, value);
        if (number.compareTo(BigDecimal.ZERO) == 0) {
            return Boolean.FALSE;
        }
        if (number.compareTo(BigDecimal.ONE) == 0) {
            return Boolean.TRUE;
        }
        throw mismatch(type, value, "expected true, false, 1 or 0");
    }

    private static Float real(SqlType type, Object value) {
        double number = finiteDouble(type, value);
        if (Math.abs(number) > Float.MAX_VALUE) {
            throw overflow(type, value, "it is beyond the range of real");
        }
        return Float.valueOf((float) number);
    }

    private static double finiteDouble(SqlType type, Object value) {
        double number = value instanceof Double || value instanceof Float
                ? ((Number) value).doubleValue()
                : number(type, value).doubleValue();
        if (!Double.isFinite(number)) {
            throw mismatch(type, value, "it is not a finite number");
        }
        return number;
    }

    private static BigDecimal decimal(SqlType type, Object value) {
        BigDecimal rescaled = number(type, value).setScale(type.scale(), RoundingMode.HALF_UP);
        if (rescaled.signum() != 0 && rescaled.precision() > type.precision()) {
            throw overflow(type, value, "it needs more than " + type.precision() + " digits");
        }
        if (type.kind() == SqlKind.MONEY && rescaled.unscaledValue().bitLength() > 63) {
            throw overflow(type, value, "it is outside the range of money");
        }
        return rescaled;
    }

    private static BigDecimal number(SqlType type, Object value) {
        BigDecimal number;
        if (value instanceof BigDecimal decimal) {
            number = decimal;
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger integer) {
            number = new BigDecimal(integer);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw mismatch(type, value, "it is not a finite number");
            }
            // Float.toString keeps the digits a person wrote, where widening to double would add binary noise.
            number = value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(d);
        } else if (value instanceof String text) {
            try {
                number = new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw mismatch(type, value, "it is not a number");
            }
        } else {
            throw mismatch(type, value, "it is not a number");
        }
        if (Math.abs((long) number.scale()) > MAX_EXPONENT) {
            throw mismatch(type, value, "its exponent is out of range");
        }
        return number;
    }

    private static String text(SqlType type, Object value) {
        String text;
        if (value instanceof String string) {
            text = string;
        } else if (value instanceof BigDecimal decimal) {
            text = decimal.toPlainString();
        } else if (value instanceof Number || value instanceof Boolean) {
            text = value.toString();
        } else {
            throw mismatch(type, value, "it is not text");
        }
        SqlKind kind = type.kind();
        if (!kind.isUnicode() && !TextEncodings.fitsWindows1252(text)) {
            throw mismatch(type, value, "it has characters that code page 1252 cannot hold");
        }
        if (!type.isMax() && text.length() > type.length()) {
            throw mismatch(type, value, "it is " + text.length() + " characters long, more than " + type.length());
        }
        if (kind.isPadded() && text.length() < type.length()) {
            return text + " ".repeat(type.length() - text.length());
        }
        return text;
    }

    private static byte[] binary(SqlType type, Object value) {
        byte[] bytes;
        if (value instanceof byte[] array) {
            bytes = array.clone();
        } else if (value instanceof String text) {
            bytes = hex(type, text);
        } else {
            throw mismatch(type, value, "expected bytes or hex text such as 0x0A0B");
        }
        if (!type.isMax() && bytes.length > type.length()) {
            throw mismatch(type, value, "it is " + bytes.length + " bytes long, more than " + type.length());
        }
        if (type.kind().isPadded() && bytes.length < type.length()) {
            return Arrays.copyOf(bytes, type.length());
        }
        return bytes;
    }

    private static byte[] hex(SqlType type, String text) {
        String digits = text.trim();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() % 2 != 0) {
            throw mismatch(type, text, "hex text needs an even number of digits");
        }
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            int high = Character.digit(digits.charAt(2 * i), 16);
            int low = Character.digit(digits.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                throw mismatch(type, text, "it is not hex text such as 0x0A0B");
            }
            bytes[i] = (byte) (high << 4 | low);
        }
        return bytes;
    }

    private static LocalDateTime dateTime2(SqlType type, Object value) {
        LocalDateTime rounded = TemporalCodec.roundToScale(localDateTime(type, value), type.scale());
        requireDate(type, value, rounded.toLocalDate(), TemporalCodec.FIRST_DATE);
        return rounded;
    }

    private static LocalDateTime datetime(SqlType type, Object value) {
        LocalDateTime rounded = TemporalCodec.roundToDatetime(localDateTime(type, value));
        requireDate(type, value, rounded.toLocalDate(), TemporalCodec.FIRST_DATETIME_DATE);
        return rounded;
    }

    private static LocalDate date(SqlType type, Object value) {
        LocalDate date = parsed(type, value, LocalDate.class, LocalDate::parse);
        requireDate(type, value, date, TemporalCodec.FIRST_DATE);
        return date;
    }

    private static OffsetDateTime dateTimeOffset(SqlType type, Object value) {
        OffsetDateTime parsed = parsed(type, value, OffsetDateTime.class, text -> OffsetDateTime.parse(isoDateTime(text)));
        int offsetSeconds = parsed.getOffset().getTotalSeconds();
        if (offsetSeconds % 60 != 0 || Math.abs(offsetSeconds / 60) > TemporalCodec.MAX_OFFSET_MINUTES) {
            throw mismatch(type, value, "its offset must be whole minutes within -14:00..+14:00");
        }
        OffsetDateTime rounded = TemporalCodec.roundToScale(parsed, type.scale());
        requireDate(type, value, rounded.toLocalDate(), TemporalCodec.FIRST_DATE);
        requireDate(type, value, rounded.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate(), TemporalCodec.FIRST_DATE);
        return rounded;
    }

    private static LocalDateTime localDateTime(SqlType type, Object value) {
        return parsed(type, value, LocalDateTime.class, text -> {
            String iso = isoDateTime(text);
            return iso.length() == 10 ? LocalDate.parse(iso).atStartOfDay() : LocalDateTime.parse(iso);
        });
    }

    /** Accepts "2024-01-31 12:34:56" as well as the ISO "2024-01-31T12:34:56". */
    private static String isoDateTime(String text) {
        if (text.length() > 10 && text.charAt(10) == ' ') {
            return text.substring(0, 10) + 'T' + text.substring(11).trim();
        }
        return text;
    }

    private static <T> T parsed(SqlType type, Object value, Class<T> javaType, Function<String, T> parser) {
        if (javaType.isInstance(value)) {
            return javaType.cast(value);
        }
        if (value instanceof String text) {
            try {
                return parser.apply(text.trim());
            } catch (DateTimeParseException e) {
                throw mismatch(type, value, "it is not ISO-8601 text such as " + example(type.kind()));
            }
        }
        throw mismatch(type, value, "expected a " + javaType.getSimpleName() + " or ISO-8601 text such as "
                + example(type.kind()));
    }

    private static String example(SqlKind kind) {
        return switch (kind) {
            case DATE -> "2024-01-31";
            case TIME -> "12:34:56.1234567";
            case DATETIMEOFFSET -> "2024-01-31T12:34:56.1234567+02:00";
            default -> "2024-01-31T12:34:56.1234567";
        };
    }

    private static void requireDate(SqlType type, Object value, LocalDate date, LocalDate first) {
        if (date.isBefore(first) || date.isAfter(TemporalCodec.LAST_DATE)) {
            throw mismatch(type, value, "it is outside " + first + ".." + TemporalCodec.LAST_DATE);
        }
    }

    private static UUID guid(SqlType type, Object value) {
        if (value instanceof UUID uuid) {
            return uuid;
        }
        if (value instanceof String text) {
            var matcher = GUID_TEXT.matcher(text.trim());
            if (matcher.matches()) {
                return UUID.fromString(matcher.group(1));
            }
        }
        throw mismatch(type, value, "expected a UUID or text such as 6F9619FF-8B86-D011-B42D-00C04FC964FF");
    }

    private static IllegalArgumentException mismatch(SqlType type, Object value, String reason) {
        return new ValueMismatchException("value " + shown(value) + " does not fit " + type.declaration() + ": "
                + reason, type.kind().keyword(), false);
    }

    /** A number beyond the type's range or precision. */
    private static IllegalArgumentException overflow(SqlType type, Object value, String reason) {
        return new ValueMismatchException("value " + shown(value) + " does not fit " + type.declaration() + ": "
                + reason, type.kind().keyword(), true);
    }

    private static String shown(Object value) {
        if (value instanceof byte[] bytes) {
            return "byte[" + bytes.length + "]";
        }
        if (value instanceof String text) {
            return '"' + (text.length() > SHOWN_TEXT_LENGTH ? text.substring(0, SHOWN_TEXT_LENGTH) + "..." : text) + '"';
        }
        return value + " (" + value.getClass().getSimpleName() + ")";
    }
}
