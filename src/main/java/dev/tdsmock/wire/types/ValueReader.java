package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;

/** Reads the value (TYPE_VARBYTE, MS-TDS 2.2.5.2.3) that follows a parameter's TYPE_INFO. */
final class ValueReader {
    private static final int GEN_NULL = 0;
    private static final int LONGLEN_NULL = -1;

    private ValueReader() {
    }

    static Object read(CheckedReader in, WireType wire) {
        return switch (wire.tdsType()) {
            case TdsType.NULLTYPE -> null;
            // Fixed-length types have no length prefix: the type alone says how many bytes follow.
            case TdsType.INT1, TdsType.INT2, TdsType.INT4, TdsType.INT8, TdsType.BIT, TdsType.FLT4, TdsType.FLT8,
                    TdsType.MONEY, TdsType.MONEY4, TdsType.DATETIME, TdsType.DATETIM4 ->
                    scalar(in.slice(wire.maxLength(), what(wire)), wire);
            case TdsType.INTN, TdsType.BITN, TdsType.FLTN, TdsType.MONEYN, TdsType.DATETIMN, TdsType.GUID,
                    TdsType.DATEN, TdsType.TIMEN, TdsType.DATETIME2N, TdsType.DATETIMEOFFSETN -> {
                ByteBuf value = exactLengthValue(in, wire);
                yield value == null ? null : scalar(value, wire);
            }
            case TdsType.DECIMALN, TdsType.NUMERICN -> decimal(in, wire);
            case TdsType.NVARCHAR, TdsType.NCHAR, TdsType.BIGVARCHR, TdsType.BIGCHAR, TdsType.BIGVARBIN,
                    TdsType.BIGBINARY -> converted(wire, wire.isPlp() ? PlpCodec.read(in, what(wire)) : ushortBytes(in, wire));
            case TdsType.TEXT, TdsType.NTEXT, TdsType.IMAGE -> converted(wire, longBytes(in, wire));
            default -> throw new MalformedTdsException("unsupported parameter data type " + TdsType.describe(wire.tdsType()));
        };
    }

    /** A BYTELEN-prefixed value whose only valid lengths are 0 (NULL) and the one the TYPE_INFO implies. */
    private static ByteBuf exactLengthValue(CheckedReader in, WireType wire) {
        int length = in.u8(what(wire) + " length");
        if (length == GEN_NULL) {
            return null;
        }
        if (length != wire.maxLength()) {
            throw new MalformedTdsException("value length " + length + " does not match " + wire.sqlType()
                    + " (type " + TdsType.describe(wire.tdsType()) + "), which needs " + wire.maxLength());
        }
        return in.slice(length, what(wire));
    }

    private static Object scalar(ByteBuf value, WireType wire) {
        SqlType type = wire.sqlType();
        return switch (type.kind()) {
            case TINYINT -> Short.valueOf(value.readUnsignedByte());
            case SMALLINT -> Short.valueOf(value.readShortLE());
            case INT -> Integer.valueOf(value.readIntLE());
            case BIGINT -> Long.valueOf(value.readLongLE());
            case BIT -> Boolean.valueOf(value.readByte() != 0);
            case REAL -> Float.valueOf((float) finite(value.readFloatLE(), wire));
            case FLOAT -> Double.valueOf(finite(value.readDoubleLE(), wire));
            case MONEY -> value.readableBytes() == 8 ? DecimalCodec.readMoney(value) : DecimalCodec.readSmallMoney(value);
            case DATETIME -> value.readableBytes() == 8
                    ? TemporalCodec.readDatetime(value) : TemporalCodec.readSmallDatetime(value);
            case UNIQUEIDENTIFIER -> GuidCodec.read(value);
            case DATE -> TemporalCodec.readDate(value);
            case TIME -> TemporalCodec.readTime(value, type.scale());
            case DATETIME2 -> TemporalCodec.readDateTime2(value, type.scale());
            case DATETIMEOFFSET -> TemporalCodec.readDateTimeOffset(value, type.scale());
            default -> throw new IllegalStateException("no scalar decoding for " + type);
        };
    }

    private static double finite(double value, WireType wire) {
        if (!Double.isFinite(value)) {
            throw new InvalidValueException(wire.sqlType() + " value is not a finite number");
        }
        return value;
    }

    private static BigDecimal decimal(CheckedReader in, WireType wire) {
        int length = in.u8(what(wire) + " length");
        if (length == GEN_NULL) {
            return null;
        }
        if (length < 2 || length > DecimalCodec.MAX_VALUE_LENGTH) {
            throw new MalformedTdsException("value length " + length + " is not valid for " + wire.sqlType());
        }
        BigDecimal value = DecimalCodec.readDecimal(in.slice(length, what(wire)), wire.sqlType().scale());
        if (value.signum() != 0 && value.precision() > wire.sqlType().precision()) {
            throw new InvalidValueException("value " + value.toPlainString() + " has more digits than " + wire.sqlType());
        }
        return value;
    }

    private static byte[] ushortBytes(CheckedReader in, WireType wire) {
        int length = in.u16(what(wire) + " length");
        if (length == TdsType.CHARBIN_NULL) {
            return null;
        }
        if (length > wire.maxLength()) {
            throw new MalformedTdsException("value of " + length + " bytes exceeds the maximum length "
                    + wire.maxLength() + " of type " + TdsType.describe(wire.tdsType()));
        }
        return in.bytes(length, what(wire));
    }

    private static byte[] longBytes(CheckedReader in, WireType wire) {
        int length = in.i32(what(wire) + " length");
        if (length == LONGLEN_NULL) {
            return null;
        }
        if (length < 0) {
            throw new MalformedTdsException("value length " + length + " is not valid for type "
                    + TdsType.describe(wire.tdsType()));
        }
        return in.bytes(length, what(wire));
    }

    private static Object converted(WireType wire, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        SqlKind kind = wire.sqlType().kind();
        if (kind.isBinary()) {
            return bytes;
        }
        if (kind.isUnicode() && bytes.length % 2 != 0) {
            throw new InvalidValueException(true, "UTF-16 value of type " + TdsType.describe(wire.tdsType())
                    + " has an odd length of " + bytes.length + " bytes");
        }
        return TextEncodings.decode(kind, bytes);
    }

    private static String what(WireType wire) {
        return wire.sqlType() + " value";
    }
}
