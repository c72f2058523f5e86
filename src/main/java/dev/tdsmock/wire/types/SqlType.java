package dev.tdsmock.wire.types;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An immutable SQL Server column/parameter type. */
public final class SqlType {
    /** The length of a (max) type. */
    static final int MAX = -1;

    static final int MAX_PRECISION = 38;
    static final int MAX_FRACTIONAL_SCALE = 7;
    private static final int MONEY_PRECISION = 19;
    private static final int MONEY_SCALE = 4;

    private final SqlKind kind;
    private final int length;
    private final int precision;
    private final int scale;
    private final String declaration;

    private SqlType(SqlKind kind, int length, int precision, int scale, String declaration) {
        this.kind = kind;
        this.length = length;
        this.precision = precision;
        this.scale = scale;
        this.declaration = declaration;
    }

    /** A type that takes no arguments, such as int or money. */
    static SqlType of(SqlKind kind) {
        if (kind.hasLength() || kind.isExactDecimal() || kind.hasFractionalSeconds()) {
            throw new IllegalArgumentException(kind.keyword() + " needs arguments");
        }
        if (kind == SqlKind.MONEY) {
            return new SqlType(kind, 0, MONEY_PRECISION, MONEY_SCALE, kind.keyword());
        }
        return new SqlType(kind, 0, 0, 0, kind.keyword());
    }

    static SqlType decimal(SqlKind kind, int precision, int scale) {
        if (!kind.isExactDecimal()) {
            throw new IllegalArgumentException(kind.keyword() + " takes no precision");
        }
        if (precision < 1 || precision > MAX_PRECISION) {
            throw new IllegalArgumentException(kind.keyword() + " precision must be 1.." + MAX_PRECISION + ", not " + precision);
        }
        if (scale < 0 || scale > precision) {
            throw new IllegalArgumentException(kind.keyword() + " scale must be 0.." + precision + ", not " + scale);
        }
        return new SqlType(kind, 0, precision, scale, kind.keyword() + "(" + precision + "," + scale + ")");
    }

    /** A character or binary type; {@code length} is in characters for n-types, bytes otherwise, or {@link #MAX}. */
    static SqlType sized(SqlKind kind, int length) {
        if (!kind.hasLength()) {
            throw new IllegalArgumentException(kind.keyword() + " takes no length");
        }
        if (length == MAX) {
            if (!kind.allowsMax()) {
                throw new IllegalArgumentException(kind.keyword() + " cannot be (max)");
            }
            return new SqlType(kind, MAX, 0, 0, kind.keyword() + "(max)");
        }
        if (length < 1 || length > kind.largestLength()) {
            throw new IllegalArgumentException(kind.keyword() + " length must be 1.." + kind.largestLength()
                    + (kind.allowsMax() ? " or max" : "") + ", not " + length);
        }
        return new SqlType(kind, length, 0, 0, kind.keyword() + "(" + length + ")");
    }

    /** datetime2, time or datetimeoffset with the given number of fractional-second digits. */
    static SqlType withFractionalSeconds(SqlKind kind, int scale) {
        if (!kind.hasFractionalSeconds()) {
            throw new IllegalArgumentException(kind.keyword() + " takes no fractional-second scale");
        }
        if (scale < 0 || scale > MAX_FRACTIONAL_SCALE) {
            throw new IllegalArgumentException(kind.keyword() + " scale must be 0.." + MAX_FRACTIONAL_SCALE + ", not " + scale);
        }
        return new SqlType(kind, 0, 0, scale, kind.keyword() + "(" + scale + ")");
    }

    /** Parses a T-SQL declaration as written in profile files, case-insensitive:
     *  int, bigint, smallint, tinyint, bit, float, real, decimal(p,s) / numeric(p,s) (decimal = decimal(18,0)),
     *  money, nvarchar(n) / nvarchar(max) (nvarchar = nvarchar(4000)), nchar(n), varchar(n) / varchar(max), char(n),
     *  datetime2(s) (default 7), datetime, date, time(s), datetimeoffset(s), uniqueidentifier,
     *  varbinary(n) / varbinary(max), binary(n).
     *  Throws IllegalArgumentException with a message naming the bad declaration. */
    public static SqlType parse(String declaration) {
        return DeclarationParser.parse(declaration);
    }

    /** The canonical declaration, e.g. "decimal(10,2)", "nvarchar(max)". */
    public String declaration() {
        return declaration;
    }

    /** The type that a SELECT of this Java value would have: Integer->int, Long->bigint, Short->smallint,
     *  Byte->tinyint, Boolean->bit, Double->float, Float->real, BigDecimal->decimal(38, its scale) (precision as needed),
     *  String->nvarchar(max(1,len)) (nvarchar(max) when > 4000), byte[]->varbinary(max(1,len)) (varbinary(max) when > 8000),
     *  UUID->uniqueidentifier, LocalDate->date, LocalDateTime->datetime2(7), LocalTime->time(7), OffsetDateTime->datetimeoffset(7).
     *  null -> int (SQL Server types a bare NULL as int). */
    public static SqlType forValue(Object value) {
        if (value == null || value instanceof Integer) {
            return of(SqlKind.INT);
        }
        if (value instanceof Long) {
            return of(SqlKind.BIGINT);
        }
        if (value instanceof Short) {
            return of(SqlKind.SMALLINT);
        }
        if (value instanceof Byte) {
            return of(SqlKind.TINYINT);
        }
        if (value instanceof Boolean) {
            return of(SqlKind.BIT);
        }
        if (value instanceof Double) {
            return of(SqlKind.FLOAT);
        }
        if (value instanceof Float) {
            return of(SqlKind.REAL);
        }
        if (value instanceof BigDecimal number) {
            return forDecimal(number);
        }
        if (value instanceof String text) {
            return sizedFor(SqlKind.NVARCHAR, text.length());
        }
        if (value instanceof byte[] bytes) {
            return sizedFor(SqlKind.VARBINARY, bytes.length);
        }
        if (value instanceof UUID) {
            return of(SqlKind.UNIQUEIDENTIFIER);
        }
        if (value instanceof LocalDate) {
            return of(SqlKind.DATE);
        }
        if (value instanceof LocalDateTime) {
            return withFractionalSeconds(SqlKind.DATETIME2, MAX_FRACTIONAL_SCALE);
        }
        if (value instanceof LocalTime) {
            return withFractionalSeconds(SqlKind.TIME, MAX_FRACTIONAL_SCALE);
        }
        if (value instanceof OffsetDateTime) {
            return withFractionalSeconds(SqlKind.DATETIMEOFFSET, MAX_FRACTIONAL_SCALE);
        }
        throw new IllegalArgumentException("no SQL type for a value of class " + value.getClass().getName());
    }

    private static SqlType sizedFor(SqlKind kind, int length) {
        return length > kind.largestLength() ? sized(kind, MAX) : sized(kind, Math.max(1, length));
    }

    /** decimal(38, scale of the value); the scale shrinks when the integer digits need the room. */
    private static SqlType forDecimal(BigDecimal value) {
        int integerDigits = Math.max(0, value.precision() - value.scale());
        if (integerDigits > MAX_PRECISION) {
            throw new IllegalArgumentException("no SQL type for " + value.toPlainString()
                    + ": it has more than " + MAX_PRECISION + " integer digits");
        }
        int scale = Math.min(Math.max(0, value.scale()), MAX_PRECISION - integerDigits);
        return decimal(SqlKind.DECIMAL, MAX_PRECISION, scale);
    }

    /** Converts a value read from a HOCON profile file (String, Integer, Long, Double, BigDecimal, Boolean, or null)
     *  into the Java value this type carries: int->Integer, bigint->Long, smallint->Short, tinyint->Short (0..255),
     *  bit->Boolean (also accepts 0/1 and "true"/"false"), float->Double, real->Float, decimal/numeric/money->BigDecimal
     *  (rescaled to the type's scale, HALF_UP), n/var/char->String (length checked against n), datetime2/datetime->LocalDateTime
     *  from ISO text "2024-01-31T12:34:56.1234567" or "2024-01-31 12:34:56", date->LocalDate, time->LocalTime,
     *  datetimeoffset->OffsetDateTime, uniqueidentifier->UUID, binary/varbinary->byte[] from hex text "0x0A0B..." .
     *  Also accepts values already of the target Java type. null stays null.
     *  Throws IllegalArgumentException naming the type and the value when it does not fit. */
    public Object coerce(Object value) {
        return ValueCoercion.coerce(this, value);
    }

    SqlKind kind() {
        return kind;
    }

    /** Characters for n-types, bytes for other character and binary types, {@link #MAX} for (max); 0 otherwise. */
    int length() {
        return length;
    }

    boolean isMax() {
        return length == MAX;
    }

    /** Precision of decimal, numeric and money; 0 otherwise. */
    int precision() {
        return precision;
    }

    /** Scale of decimal, numeric and money, or fractional-second digits of datetime2, time and datetimeoffset. */
    int scale() {
        return scale;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SqlType type && type.declaration.equals(declaration);
    }

    @Override
    public int hashCode() {
        return declaration.hashCode();
    }

    @Override
    public String toString() {
        return declaration;
    }
}
