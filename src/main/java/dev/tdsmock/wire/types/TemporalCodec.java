package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Wire forms of date and time values (MS-TDS 2.2.5.5.1.8) and the rounding that SQL Server applies to them. */
final class TemporalCodec {
    static final LocalDate FIRST_DATE = LocalDate.of(1, 1, 1);
    static final LocalDate LAST_DATE = LocalDate.of(9999, 12, 31);
    static final LocalDate FIRST_DATETIME_DATE = LocalDate.of(1753, 1, 1);
    static final int MAX_OFFSET_MINUTES = 840;

    private static final long DAY_ONE = FIRST_DATE.toEpochDay();
    private static final long LAST_DAY_NUMBER = LAST_DATE.toEpochDay() - DAY_ONE;
    private static final long DATETIME_EPOCH = LocalDate.of(1900, 1, 1).toEpochDay();
    private static final long NANOS_PER_DAY = 86_400L * 1_000_000_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    /** datetime counts time of day in 1/300 s. */
    private static final long TICKS_PER_DAY = 86_400L * 300;
    private static final int MINUTES_PER_DAY = 1440;
    private static final long[] UNIT_NANOS = {
        1_000_000_000L, 100_000_000L, 10_000_000L, 1_000_000L, 100_000L, 10_000L, 1_000L, 100L
    };

    private TemporalCodec() {
    }

    /** Bytes of a time(scale) value: 3 for scale 0-2, 4 for 3-4, 5 for 5-7. */
    static int timeLength(int scale) {
        return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
    }

    static void writeTime(ByteBuf out, LocalTime time, int scale) {
        long units = time.toNanoOfDay() / UNIT_NANOS[scale];
        int length = timeLength(scale);
        for (int i = 0; i < length; i++) {
            out.writeByte((int) (units >>> (8 * i)));
        }
    }

    static LocalTime readTime(ByteBuf in, int scale) {
        long units = 0;
        int length = timeLength(scale);
        for (int i = 0; i < length; i++) {
            units |= (long) in.readUnsignedByte() << (8 * i);
        }
        long nanos = units * UNIT_NANOS[scale];
        if (nanos >= NANOS_PER_DAY) {
            throw new InvalidValueException("time(" + scale + ") value " + units + " lies beyond the end of a day");
        }
        return LocalTime.ofNanoOfDay(nanos);
    }

    static void writeDate(ByteBuf out, LocalDate date) {
        long days = date.toEpochDay() - DAY_ONE;
        if (days < 0 || days > LAST_DAY_NUMBER) {
            throw new IllegalArgumentException("date " + date + " is outside 0001-01-01..9999-12-31");
        }
        out.writeMediumLE((int) days);
    }

    static LocalDate readDate(ByteBuf in) {
        int days = in.readUnsignedMediumLE();
        if (days > LAST_DAY_NUMBER) {
            throw new InvalidValueException("date value " + days + " lies after 9999-12-31");
        }
        return LocalDate.ofEpochDay(DAY_ONE + days);
    }

    static void writeDateTime2(ByteBuf out, LocalDateTime value, int scale) {
        writeTime(out, value.toLocalTime(), scale);
        writeDate(out, value.toLocalDate());
    }

    static LocalDateTime readDateTime2(ByteBuf in, int scale) {
        LocalTime time = readTime(in, scale);
        return readDate(in).atTime(time);
    }

    /** The date and time go out in UTC, followed by the offset in minutes. */
    static void writeDateTimeOffset(ByteBuf out, OffsetDateTime value, int scale) {
        writeDateTime2(out, value.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime(), scale);
        out.writeShortLE(value.getOffset().getTotalSeconds() / 60);
    }

    static OffsetDateTime readDateTimeOffset(ByteBuf in, int scale) {
        LocalDateTime utc = readDateTime2(in, scale);
        int offsetMinutes = in.readShortLE();
        if (Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
            throw new InvalidValueException("datetimeoffset offset of " + offsetMinutes + " minutes is outside -840..840");
        }
        OffsetDateTime value = OffsetDateTime.of(utc, ZoneOffset.UTC)
                .withOffsetSameInstant(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        LocalDate local = value.toLocalDate();
        if (local.isBefore(FIRST_DATE) || local.isAfter(LAST_DATE)) {
            // SQL Server keeps the time at its offset within the range too (SWITCHOFFSET past it is error 517)
            throw new InvalidValueException("datetimeoffset " + utc + "Z at " + offsetMinutes
                    + " minutes is on " + local + " at its offset, outside 0001-01-01..9999-12-31");
        }
        return value;
    }

    /** datetime: days since 1900-01-01 (signed), then 1/300 s ticks since midnight. */
    static void writeDatetime(ByteBuf out, LocalDateTime value) {
        DatetimeParts parts = DatetimeParts.of(value);
        out.writeIntLE((int) (parts.date().toEpochDay() - DATETIME_EPOCH));
        out.writeIntLE((int) parts.ticks());
    }

    static LocalDateTime readDatetime(ByteBuf in) {
        long days = in.readIntLE();
        long ticks = in.readUnsignedIntLE();
        if (ticks >= TICKS_PER_DAY) {
            throw new InvalidValueException("datetime time value " + ticks + " lies beyond the end of a day");
        }
        LocalDate date = LocalDate.ofEpochDay(DATETIME_EPOCH + days);
        if (date.isBefore(FIRST_DATETIME_DATE) || date.isAfter(LAST_DATE)) {
            throw new InvalidValueException("datetime date " + date + " is outside 1753-01-01..9999-12-31");
        }
        return new DatetimeParts(date, ticks).toLocalDateTime();
    }

    /** smalldatetime: unsigned days since 1900-01-01, then minutes since midnight. */
    static LocalDateTime readSmallDatetime(ByteBuf in) {
        int days = in.readUnsignedShortLE();
        int minutes = in.readUnsignedShortLE();
        if (minutes >= MINUTES_PER_DAY) {
            throw new InvalidValueException("smalldatetime minute value " + minutes + " lies beyond the end of a day");
        }
        return LocalDate.ofEpochDay(DATETIME_EPOCH + days).atStartOfDay().plusMinutes(minutes);
    }

    /** The value a datetime column would hold: time of day rounded to the nearest 1/300 s, shown in whole milliseconds. */
    static LocalDateTime roundToDatetime(LocalDateTime value) {
        return DatetimeParts.of(value).toLocalDateTime();
    }

    /** Rounds half up to {@code scale} fractional digits; may carry into the next second or day. */
    static LocalDateTime roundToScale(LocalDateTime value, int scale) {
        long unit = UNIT_NANOS[scale];
        long rounded = (value.getNano() + unit / 2) / unit * unit;
        return value.withNano(0).plusNanos(rounded);
    }

    static OffsetDateTime roundToScale(OffsetDateTime value, int scale) {
        return OffsetDateTime.of(roundToScale(value.toLocalDateTime(), scale), value.getOffset());
    }

    /** Rounds half up to {@code scale} fractional digits, but never past midnight: a time of day cannot carry. */
    static LocalTime roundToScale(LocalTime value, int scale) {
        long unit = UNIT_NANOS[scale];
        long nanos = value.toNanoOfDay();
        long rounded = (nanos + unit / 2) / unit * unit;
        if (rounded >= NANOS_PER_DAY) {
            rounded = nanos / unit * unit;
        }
        return LocalTime.ofNanoOfDay(rounded);
    }

    private record DatetimeParts(LocalDate date, long ticks) {
        static DatetimeParts of(LocalDateTime value) {
            long ticks = (value.toLocalTime().toNanoOfDay() * 3 + 5_000_000) / 10_000_000;
            if (ticks == TICKS_PER_DAY) {
                return new DatetimeParts(value.toLocalDate().plusDays(1), 0);
            }
            return new DatetimeParts(value.toLocalDate(), ticks);
        }

        /** 1/300 s ticks shown to the nearest millisecond, so 1 tick reads .003 and 2 ticks .007, as SQL Server shows them. */
        LocalDateTime toLocalDateTime() {
            long millis = (ticks * 10 + 1) / 3;
            return date.atStartOfDay().plusNanos(millis * NANOS_PER_MILLI);
        }
    }
}
