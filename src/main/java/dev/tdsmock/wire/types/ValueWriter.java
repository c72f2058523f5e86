package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Writes one value (TYPE_VARBYTE) in the layout of the wire type that {@link TypeInfoWriter} chose. */
final class ValueWriter {
    private ValueWriter() {
    }

    /** {@code value} must already be coerced by {@code type}. */
    static void write(ByteBuf out, SqlType type, Object value) {
        if (value == null) {
            writeNull(out, type);
            return;
        }
        switch (type.kind()) {
            case TINYINT -> {
                out.writeByte(1);
                out.writeByte((Short) value);
            }
            case SMALLINT -> {
                out.writeByte(2);
                out.writeShortLE((Short) value);
            }
            case INT -> {
                out.writeByte(4);
                out.writeIntLE((Integer) value);
            }
            case BIGINT -> {
                out.writeByte(8);
                out.writeLongLE((Long) value);
            }
            case BIT -> {
                out.writeByte(1);
                out.writeByte((Boolean) value ? 1 : 0);
            }
            case REAL -> {
                out.writeByte(4);
                out.writeFloatLE((Float) value);
            }
            case FLOAT -> {
                out.writeByte(8);
                out.writeDoubleLE((Double) value);
            }
            case DECIMAL, NUMERIC -> DecimalCodec.writeDecimal(out, (BigDecimal) value, type.precision(), type.scale());
            case MONEY -> {
                out.writeByte(8);
                DecimalCodec.writeMoney(out, (BigDecimal) value);
            }
            case DATETIME -> {
                out.writeByte(8);
                TemporalCodec.writeDatetime(out, (LocalDateTime) value);
            }
            case DATE -> {
                out.writeByte(3);
                TemporalCodec.writeDate(out, (LocalDate) value);
            }
            case TIME -> {
                out.writeByte(TemporalCodec.timeLength(type.scale()));
                TemporalCodec.writeTime(out, (LocalTime) value, type.scale());
            }
            case DATETIME2 -> {
                out.writeByte(TemporalCodec.timeLength(type.scale()) + 3);
                TemporalCodec.writeDateTime2(out, (LocalDateTime) value, type.scale());
            }
            case DATETIMEOFFSET -> {
                out.writeByte(TemporalCodec.timeLength(type.scale()) + 5);
                TemporalCodec.writeDateTimeOffset(out, (OffsetDateTime) value, type.scale());
            }
            case UNIQUEIDENTIFIER -> {
                out.writeByte(GuidCodec.LENGTH);
                GuidCodec.write(out, (UUID) value);
            }
            case NVARCHAR, NCHAR, VARCHAR, CHAR ->
                    writeBytes(out, type, TextEncodings.encode(type.kind(), (String) value));
            case VARBINARY, BINARY -> writeBytes(out, type, (byte[]) value);
        }
    }

    /** GEN_NULL (a zero length) for BYTELEN types, CHARBIN_NULL for USHORT types, PLP_NULL for (max) types. */
    static void writeNull(ByteBuf out, SqlType type) {
        if (type.isMax()) {
            PlpCodec.writeNull(out);
        } else if (type.kind().hasLength()) {
            out.writeShortLE(TdsType.CHARBIN_NULL);
        } else {
            out.writeByte(0);
        }
    }

    private static void writeBytes(ByteBuf out, SqlType type, byte[] bytes) {
        if (type.isMax()) {
            PlpCodec.write(out, bytes);
        } else {
            out.writeShortLE(bytes.length);
            out.writeBytes(bytes);
        }
    }
}
