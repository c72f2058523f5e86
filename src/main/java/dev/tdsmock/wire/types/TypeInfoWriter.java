package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;

/** Writes the TYPE_INFO (MS-TDS 2.2.5.6) of a {@link SqlType}, always choosing the nullable wire type. */
final class TypeInfoWriter {
    private TypeInfoWriter() {
    }

    /** @param collations whether character types carry a collation: TDS 7.1 and later */
    static void write(ByteBuf out, SqlType type, boolean collations) {
        switch (type.kind()) {
            case TINYINT -> typeAndLength(out, TdsType.INTN, 1);
            case SMALLINT -> typeAndLength(out, TdsType.INTN, 2);
            case INT -> typeAndLength(out, TdsType.INTN, 4);
            case BIGINT -> typeAndLength(out, TdsType.INTN, 8);
            case BIT -> typeAndLength(out, TdsType.BITN, 1);
            case REAL -> typeAndLength(out, TdsType.FLTN, 4);
            case FLOAT -> typeAndLength(out, TdsType.FLTN, 8);
            case MONEY -> typeAndLength(out, TdsType.MONEYN, 8);
            case DATETIME -> typeAndLength(out, TdsType.DATETIMN, 8);
            case UNIQUEIDENTIFIER -> typeAndLength(out, TdsType.GUID, GuidCodec.LENGTH);
            case DECIMAL, NUMERIC -> {
                typeAndLength(out, type.kind() == SqlKind.DECIMAL ? TdsType.DECIMALN : TdsType.NUMERICN,
                        DecimalCodec.valueLength(type.precision()));
                out.writeByte(type.precision());
                out.writeByte(type.scale());
            }
            case DATE -> out.writeByte(TdsType.DATEN);
            case TIME -> typeAndScale(out, TdsType.TIMEN, type);
            case DATETIME2 -> typeAndScale(out, TdsType.DATETIME2N, type);
            case DATETIMEOFFSET -> typeAndScale(out, TdsType.DATETIMEOFFSETN, type);
            case NVARCHAR -> character(out, TdsType.NVARCHAR, type, collations);
            case NCHAR -> character(out, TdsType.NCHAR, type, collations);
            case VARCHAR -> character(out, TdsType.BIGVARCHR, type, collations);
            case CHAR -> character(out, TdsType.BIGCHAR, type, collations);
            case VARBINARY -> binary(out, TdsType.BIGVARBIN, type);
            case BINARY -> binary(out, TdsType.BIGBINARY, type);
        }
    }

    private static void typeAndLength(ByteBuf out, int tdsType, int length) {
        out.writeByte(tdsType);
        out.writeByte(length);
    }

    private static void typeAndScale(ByteBuf out, int tdsType, SqlType type) {
        out.writeByte(tdsType);
        out.writeByte(type.scale());
    }

    private static void character(ByteBuf out, int tdsType, SqlType type, boolean collation) {
        binary(out, tdsType, type);
        if (collation) {
            Collations.writeDefault(out);
        }
    }

    /** The USHORT maximum length is in bytes: two per character for n-types, 0xFFFF for (max). */
    private static void binary(ByteBuf out, int tdsType, SqlType type) {
        out.writeByte(tdsType);
        int bytesPerUnit = type.kind().isUnicode() ? 2 : 1;
        out.writeShortLE(type.isMax() ? TdsType.USHORT_MAX_LENGTH : type.length() * bytesPerUnit);
    }
}
