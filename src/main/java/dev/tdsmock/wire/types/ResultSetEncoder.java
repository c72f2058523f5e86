package dev.tdsmock.wire.types;

import dev.tdsmock.wire.TdsVersion;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes result-set tokens into a buffer (the caller adds DONE and the packet framing). */
public final class ResultSetEncoder {
    static final int COLMETADATA_TOKEN = 0x81;
    static final int ROW_TOKEN = 0xD1;
    /** fNullable (0x01) with fComputed (0x20), read-only: what SQL Server declares for a nullable SELECT expression. */
    static final int COMPUTED_NULLABLE_FLAGS = 0x0021;
    /** 0xFFFF in the column count means "no metadata", so one fewer columns is the most a COLMETADATA can hold. */
    private static final int MAX_COLUMNS = 0xFFFE;
    private static final int MAX_NAME_LENGTH = 255;

    private ResultSetEncoder() {
    }

    /** COLMETADATA token (0x81) for TDS 7.4. */
    public static void writeColMetadata(ByteBuf out, List<Column> columns) {
        writeColMetadata(out, columns, TdsVersion.V7_4);
    }

    /**
     * COLMETADATA token (0x81): column count, then per column UserType (ULONG 0 from TDS 7.2, USHORT before),
     * Flags, TYPE_INFO (character types with a collation from TDS 7.1) and ColName as B_VARCHAR. Always declares
     * the nullable wire types.
     *
     * @param tdsVersion the negotiated version, as {@link TdsVersion} names them
     */
    public static void writeColMetadata(ByteBuf out, List<Column> columns, long tdsVersion) {
        boolean tds72OrLater = TdsVersion.atLeast72(tdsVersion);
        boolean collations = tdsVersion >= TdsVersion.V7_1_BEFORE_REV1;
        checkColumns(columns);
        out.writeByte(COLMETADATA_TOKEN);
        out.writeShortLE(columns.size());
        for (Column column : columns) {
            if (tds72OrLater) {
                out.writeIntLE(0);
            } else {
                out.writeShortLE(0);
            }
            out.writeShortLE(COMPUTED_NULLABLE_FLAGS);
            TypeInfoWriter.write(out, column.type(), collations);
            out.writeByte(column.name().length());
            out.writeCharSequence(column.name(), StandardCharsets.UTF_16LE);
        }
    }

    /** ROW token (0xD1) with one value per column. Each value is passed through its column's
     *  {@link SqlType#coerce(Object)} first, so a value that does not fit throws IllegalArgumentException
     *  before anything is written. */
    public static void writeRow(ByteBuf out, List<Column> columns, List<?> values) {
        checkColumns(columns);
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("a row of " + columns.size() + " columns got " + values.size() + " values");
        }
        List<Object> coerced = new ArrayList<>(values.size());
        for (int i = 0; i < columns.size(); i++) {
            coerced.add(columns.get(i).type().coerce(values.get(i)));
        }
        out.writeByte(ROW_TOKEN);
        for (int i = 0; i < columns.size(); i++) {
            ValueWriter.write(out, columns.get(i).type(), coerced.get(i));
        }
    }

    private static void checkColumns(List<Column> columns) {
        if (columns.isEmpty() || columns.size() > MAX_COLUMNS) {
            throw new IllegalArgumentException("a result set needs 1.." + MAX_COLUMNS + " columns, not " + columns.size());
        }
        for (Column column : columns) {
            if (column.name().length() > MAX_NAME_LENGTH) {
                throw new IllegalArgumentException("column name longer than " + MAX_NAME_LENGTH + " characters: "
                        + column.name().substring(0, 40) + "...");
            }
        }
    }
}
