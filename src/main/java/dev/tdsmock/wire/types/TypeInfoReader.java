package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;

/** Reads a TYPE_INFO (MS-TDS 2.2.5.6) of an RPC parameter and maps it to the closest {@link SqlType}. */
final class TypeInfoReader {
    private static final int LARGEST_USHORT_LENGTH = 8000;

    private TypeInfoReader() {
    }

    static WireType read(CheckedReader in) {
        return read(in, in.u8("TYPE_INFO type"));
    }

    /** The rest of a TYPE_INFO whose type byte {@code type} has been read already, character types with a collation. */
    static WireType read(CheckedReader in, int type) {
        return read(in, type, true);
    }

    /** The same; {@code collations} false for TDS 7.0, whose character types carry none (MS-TDS 2.2.5.6). */
    static WireType read(CheckedReader in, int type, boolean collations) {
        return switch (type) {
            case TdsType.NULLTYPE -> fixed(type, SqlKind.INT, 0);
            case TdsType.INT1 -> fixed(type, SqlKind.TINYINT, 1);
            case TdsType.INT2 -> fixed(type, SqlKind.SMALLINT, 2);
            case TdsType.INT4 -> fixed(type, SqlKind.INT, 4);
            case TdsType.INT8 -> fixed(type, SqlKind.BIGINT, 8);
            case TdsType.BIT -> fixed(type, SqlKind.BIT, 1);
            case TdsType.FLT4 -> fixed(type, SqlKind.REAL, 4);
            case TdsType.FLT8 -> fixed(type, SqlKind.FLOAT, 8);
            case TdsType.MONEY -> fixed(type, SqlKind.MONEY, 8);
            case TdsType.MONEY4 -> fixed(type, SqlKind.MONEY, 4);
            case TdsType.DATETIME -> fixed(type, SqlKind.DATETIME, 8);
            case TdsType.DATETIM4 -> fixed(type, SqlKind.DATETIME, 4);
            case TdsType.INTN -> nullable(in, type, length -> switch (length) {
                case 1 -> SqlKind.TINYINT;
                case 2 -> SqlKind.SMALLINT;
                case 4 -> SqlKind.INT;
                case 8 -> SqlKind.BIGINT;
                default -> null;
            });
            case TdsType.BITN -> nullable(in, type, length -> length == 1 ? SqlKind.BIT : null);
            case TdsType.FLTN -> nullable(in, type, length -> length == 4 ? SqlKind.REAL : length == 8 ? SqlKind.FLOAT : null);
            case TdsType.MONEYN -> nullable(in, type, length -> length == 4 || length == 8 ? SqlKind.MONEY : null);
            case TdsType.DATETIMN -> nullable(in, type, length -> length == 4 || length == 8 ? SqlKind.DATETIME : null);
            case TdsType.GUID -> nullable(in, type, length -> length == GuidCodec.LENGTH ? SqlKind.UNIQUEIDENTIFIER : null);
            case TdsType.DECIMALN -> decimal(in, type, SqlKind.DECIMAL);
            case TdsType.NUMERICN -> decimal(in, type, SqlKind.NUMERIC);
            case TdsType.DATEN -> new WireType(type, SqlType.of(SqlKind.DATE), 3);
            case TdsType.TIMEN -> fractional(in, type, SqlKind.TIME, 0);
            case TdsType.DATETIME2N -> fractional(in, type, SqlKind.DATETIME2, 3);
            case TdsType.DATETIMEOFFSETN -> fractional(in, type, SqlKind.DATETIMEOFFSET, 5);
            case TdsType.NVARCHAR -> ushortLength(in, type, SqlKind.NVARCHAR, collations);
            case TdsType.NCHAR -> ushortLength(in, type, SqlKind.NCHAR, collations);
            case TdsType.BIGVARCHR -> ushortLength(in, type, SqlKind.VARCHAR, collations);
            case TdsType.BIGCHAR -> ushortLength(in, type, SqlKind.CHAR, collations);
            case TdsType.BIGVARBIN -> ushortLength(in, type, SqlKind.VARBINARY, false);
            case TdsType.BIGBINARY -> ushortLength(in, type, SqlKind.BINARY, false);
            case TdsType.TEXT -> longLength(in, type, SqlKind.VARCHAR, collations);
            case TdsType.NTEXT -> longLength(in, type, SqlKind.NVARCHAR, collations);
            case TdsType.IMAGE -> longLength(in, type, SqlKind.VARBINARY, false);
            default -> throw new MalformedTdsException("unsupported parameter data type " + TdsType.describe(type));
        };
    }

    private static WireType fixed(int type, SqlKind kind, int length) {
        return new WireType(type, SqlType.of(kind), length);
    }

    private interface KindByLength {
        /** The kind for a declared length, or null when the length is not valid for the type. */
        SqlKind kindFor(int length);
    }

    private static WireType nullable(CheckedReader in, int type, KindByLength kinds) {
        int length = in.u8(TdsType.describe(type) + " length");
        SqlKind kind = kinds.kindFor(length);
        if (kind == null) {
            throw new MalformedTdsException("length " + length + " is not valid for type " + TdsType.describe(type));
        }
        return new WireType(type, SqlType.of(kind), length);
    }

    private static WireType decimal(CheckedReader in, int type, SqlKind kind) {
        int length = in.u8(TdsType.describe(type) + " length");
        int precision = in.u8(TdsType.describe(type) + " precision");
        int scale = in.u8(TdsType.describe(type) + " scale");
        if (length < 2 || length > DecimalCodec.MAX_VALUE_LENGTH) {
            throw new MalformedTdsException("length " + length + " is not valid for type " + TdsType.describe(type));
        }
        if (precision < 1 || precision > SqlType.MAX_PRECISION || scale > precision) {
            throw new MalformedTdsException("precision " + precision + " and scale " + scale
                    + " are not valid for type " + TdsType.describe(type));
        }
        return new WireType(type, SqlType.decimal(kind, precision, scale), length);
    }

    /** time, datetime2 and datetimeoffset carry only a scale; the value length follows from it. */
    private static WireType fractional(CheckedReader in, int type, SqlKind kind, int bytesBesidesTime) {
        int scale = in.u8(TdsType.describe(type) + " scale");
        if (scale > SqlType.MAX_FRACTIONAL_SCALE) {
            throw new MalformedTdsException("scale " + scale + " is not valid for type " + TdsType.describe(type));
        }
        return new WireType(type, SqlType.withFractionalSeconds(kind, scale),
                TemporalCodec.timeLength(scale) + bytesBesidesTime);
    }

    private static WireType ushortLength(CheckedReader in, int type, SqlKind kind, boolean hasCollation) {
        int maxLength = in.u16(TdsType.describe(type) + " maximum length");
        if (hasCollation) {
            in.skip(Collations.LENGTH, TdsType.describe(type) + " collation");
        }
        if (maxLength == TdsType.USHORT_MAX_LENGTH) {
            if (!kind.allowsMax()) {
                throw new MalformedTdsException("type " + TdsType.describe(type) + " cannot have the (max) length 0xFFFF");
            }
            return new WireType(type, SqlType.sized(kind, SqlType.MAX), maxLength);
        }
        if (maxLength > LARGEST_USHORT_LENGTH) {
            throw new MalformedTdsException("maximum length " + maxLength + " is not valid for type "
                    + TdsType.describe(type));
        }
        int declared = kind.isUnicode() ? maxLength / 2 : maxLength;
        return new WireType(type, SqlType.sized(kind, Math.max(1, declared)), maxLength);
    }

    /** text, ntext and image: a LONGLEN maximum length (its value does not matter here), then a collation for text. */
    private static WireType longLength(CheckedReader in, int type, SqlKind kind, boolean hasCollation) {
        in.skip(4, TdsType.describe(type) + " maximum length");
        if (hasCollation) {
            in.skip(Collations.LENGTH, TdsType.describe(type) + " collation");
        }
        return new WireType(type, SqlType.sized(kind, SqlType.MAX), Integer.MAX_VALUE);
    }
}
