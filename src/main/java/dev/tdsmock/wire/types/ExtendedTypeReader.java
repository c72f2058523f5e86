package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RPC parameters of the types whose TYPE_INFO is more than a length: xml (MS-TDS 2.2.5.5.3), CLR user-defined
 * types (2.2.5.5.2, UDT_INFO_IN_RPC), sql_variant (2.2.5.5.4) and table-valued parameters (2.2.5.5.5). Each is read
 * to its end through a {@link CheckedReader}, so that anything framed wrong is a {@link MalformedTdsException}, and
 * what is framed right becomes an {@link RpcParameter}:
 * <ul>
 *   <li>xml: its text as nvarchar(max) (UTF-16LE, or UTF-8 when the bytes say so);</li>
 *   <li>sql_variant: the value of its base type, typed as that base type (an int inside a sql_variant is an int);</li>
 *   <li>UDT and TVP: read past, and marked {@link RpcParameter.Invalid#unsupported()}, with no value.</li>
 * </ul>
 */
final class ExtendedTypeReader {
    /** The most columns a table type may have (MS-TDS 2.2.5.5.5.1: Count is 1..1024). */
    private static final int MAX_TVP_COLUMNS = 1024;
    private static final int TVP_NULL_TOKEN = 0xFFFF;
    private static final int TVP_END_TOKEN = 0x00;
    private static final int TVP_ROW_TOKEN = 0x01;
    private static final int TVP_ORDER_UNIQUE_TOKEN = 0x10;
    private static final int TVP_COLUMN_ORDERING_TOKEN = 0x11;
    /** TVP column Flags bit fDefault: the column takes its default and has no data in TVP_ROW. */
    private static final int TVP_COLUMN_DEFAULT = 0x0200;
    private static final int SCHEMA_PRESENT = 0x01;
    private static final int VARIANT_NULL = 0;
    /** BaseType and PropBytes, the two bytes of a sql_variant value before its properties. */
    private static final int VARIANT_HEADER = 2;
    /** The type every parameter read past without a value is given; it is never used to answer. */
    private static final SqlType NO_TYPE = SqlType.sized(SqlKind.VARBINARY, SqlType.MAX);

    private ExtendedTypeReader() {
    }

    /** True for the type bytes this class reads: XML, UDT, SQL_VARIANT and TVP. */
    static boolean handles(int tdsType) {
        return tdsType == TdsType.XML || tdsType == TdsType.UDT || tdsType == TdsType.SSVARIANT
                || tdsType == TdsType.TVP;
    }

    /**
     * Reads the rest of a parameter's TYPE_INFO, whose type byte {@code tdsType} has been read, and its value.
     *
     * @throws MalformedTdsException when the bytes end early or break the framing
     */
    static RpcParameter read(CheckedReader in, int tdsType, String name, int statusFlags) {
        return switch (tdsType) {
            case TdsType.XML -> {
                readXmlInfo(in);
                yield new RpcParameter(name, statusFlags, SqlType.sized(SqlKind.NVARCHAR, SqlType.MAX),
                        xmlText(PlpCodec.read(in, "xml value")));
            }
            case TdsType.UDT -> {
                String typeName = readUdtInfo(in);
                PlpCodec.read(in, "UDT value");
                yield unsupported(name, statusFlags, tdsType, "CLR user-defined type " + typeName);
            }
            case TdsType.SSVARIANT -> {
                readVariantInfo(in);
                try {
                    Variant variant = readVariant(in);
                    yield variant == null
                            ? new RpcParameter(name, statusFlags, NO_TYPE, null)
                            : new RpcParameter(name, statusFlags, variant.type(), variant.value());
                } catch (InvalidValueException e) {
                    yield new RpcParameter(name, statusFlags, NO_TYPE, null,
                            new RpcParameter.Invalid(tdsType, e.badLength(), e.getMessage()));
                }
            }
            case TdsType.TVP -> {
                String typeName = readTvp(in);
                yield unsupported(name, statusFlags, tdsType, "table-valued parameter of type " + typeName);
            }
            default -> throw new IllegalArgumentException("not an extended type: " + TdsType.describe(tdsType));
        };
    }

    private static RpcParameter unsupported(String name, int statusFlags, int tdsType, String typeInWords) {
        return new RpcParameter(name, statusFlags, NO_TYPE, null, RpcParameter.Invalid.unsupported(tdsType, typeInWords));
    }

    /** XML_INFO: SCHEMA_PRESENT, then, when it is 1, DbName and OWNING_SCHEMA (B_VARCHAR), XML_SCHEMA_COLLECTION (US_VARCHAR). */
    private static void readXmlInfo(CheckedReader in) {
        int schemaPresent = in.u8("xml SCHEMA_PRESENT");
        if (schemaPresent == SCHEMA_PRESENT) {
            bVarchar(in, "xml schema collection database name");
            bVarchar(in, "xml schema collection owning schema");
            usVarchar(in, "xml schema collection name");
        } else if (schemaPresent != 0) {
            throw new MalformedTdsException("xml SCHEMA_PRESENT is " + schemaPresent + ", not 0 or 1");
        }
    }

    /** XML sent by a client: UTF-16LE (with or without its byte order mark), or UTF-8 (with its mark, or ASCII-led). */
    private static String xmlText(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        if (bytes.length >= 2 && bytes[1] == 0) {
            return new String(bytes, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** UDT_INFO_IN_RPC: DB_NAME, SCHEMA_NAME, TYPE_NAME (B_VARCHAR); the type's name as "schema.type". */
    private static String readUdtInfo(CheckedReader in) {
        bVarchar(in, "UDT database name");
        String schema = bVarchar(in, "UDT schema name");
        String type = bVarchar(in, "UDT type name");
        return schema.isEmpty() ? type : schema + "." + type;
    }

    /** The TYPE_INFO of sql_variant: a LONGLEN maximum length. */
    private static void readVariantInfo(CheckedReader in) {
        int maxLength = in.i32("sql_variant maximum length");
        if (maxLength < 0) {
            throw new MalformedTdsException("sql_variant maximum length " + maxLength + " is negative");
        }
    }

    private record Variant(SqlType type, Object value) {
    }

    /**
     * A sql_variant value: LONGLEN length (0 for NULL), BaseType, PropBytes, the base type's properties, the data.
     * The base type's TYPE_INFO and value are rebuilt as a parameter of that type would carry them and read by
     * {@link TypeInfoReader} and {@link ValueReader}, so every check of theirs applies; null for NULL.
     */
    private static Variant readVariant(CheckedReader in) {
        int length = in.i32("sql_variant length");
        if (length == VARIANT_NULL) {
            return null;
        }
        if (length < VARIANT_HEADER) {
            throw new MalformedTdsException("sql_variant length " + length + " is shorter than its BaseType and PropBytes");
        }
        ByteBuf variant = in.slice(length, "sql_variant value");
        CheckedReader v = new CheckedReader(variant);
        int baseType = v.u8("sql_variant BaseType");
        int propBytes = v.u8("sql_variant PropBytes");
        byte[] props = v.bytes(propBytes, "sql_variant properties");
        byte[] data = v.bytes(v.readable(), "sql_variant data");
        ByteBuf rebuilt = Unpooled.buffer(props.length + data.length + 4);
        switch (baseType) {
            case TdsType.INT1, TdsType.INT2, TdsType.INT4, TdsType.INT8, TdsType.BIT, TdsType.FLT4, TdsType.FLT8,
                    TdsType.MONEY, TdsType.MONEY4, TdsType.DATETIME, TdsType.DATETIM4 -> {
                requireProps(baseType, propBytes, 0);
                rebuilt.writeBytes(data);
            }
            case TdsType.GUID -> {
                requireProps(baseType, propBytes, 0);
                rebuilt.writeByte(GuidCodec.LENGTH).writeByte(byteLength(data)).writeBytes(data);
            }
            case TdsType.DATEN -> {
                requireProps(baseType, propBytes, 0);
                rebuilt.writeByte(byteLength(data)).writeBytes(data);
            }
            case TdsType.TIMEN, TdsType.DATETIME2N, TdsType.DATETIMEOFFSETN -> {
                requireProps(baseType, propBytes, 1);
                rebuilt.writeBytes(props).writeByte(byteLength(data)).writeBytes(data);
            }
            case TdsType.DECIMALN, TdsType.NUMERICN -> {
                requireProps(baseType, propBytes, 2);
                rebuilt.writeByte(DecimalCodec.MAX_VALUE_LENGTH).writeBytes(props)
                        .writeByte(byteLength(data)).writeBytes(data);
            }
            case TdsType.BIGVARBIN, TdsType.BIGBINARY -> {
                requireProps(baseType, propBytes, 2);
                rebuilt.writeBytes(props).writeShortLE(data.length).writeBytes(data);
            }
            case TdsType.BIGVARCHR, TdsType.BIGCHAR, TdsType.NVARCHAR, TdsType.NCHAR -> {
                requireProps(baseType, propBytes, Collations.LENGTH + 2);
                // properties: collation, then maximum length; a TYPE_INFO has them the other way round
                rebuilt.writeBytes(props, Collations.LENGTH, 2).writeBytes(props, 0, Collations.LENGTH)
                        .writeShortLE(data.length).writeBytes(data);
            }
            default -> throw new MalformedTdsException("sql_variant BaseType " + TdsType.describe(baseType)
                    + " is not a type a sql_variant can hold");
        }
        CheckedReader base = new CheckedReader(rebuilt);
        WireType wire = TypeInfoReader.read(base, baseType);
        if (wire.isPlp()) {
            throw new MalformedTdsException("sql_variant BaseType " + TdsType.describe(baseType)
                    + " has the (max) length 0xFFFF");
        }
        Object value = ValueReader.read(base, wire);
        if (base.readable() != 0) {
            throw new MalformedTdsException("sql_variant data of " + data.length + " bytes is longer than its "
                    + wire.sqlType() + " value");
        }
        return new Variant(wire.sqlType(), value);
    }

    private static void requireProps(int baseType, int propBytes, int expected) {
        if (propBytes != expected) {
            throw new MalformedTdsException("sql_variant BaseType " + TdsType.describe(baseType) + " has "
                    + propBytes + " PropBytes, not " + expected);
        }
    }

    /**
     * A data length as a BYTELEN; a longer one cannot belong to a BYTELEN type and fails its length check. No data
     * at all would read as NULL, which a sql_variant says with its length of 0 instead.
     */
    private static int byteLength(byte[] data) {
        if (data.length == 0) {
            throw new MalformedTdsException("sql_variant data is empty");
        }
        return Math.min(data.length, 0xFF);
    }

    /** One column of TVP_COLMETADATA: the TYPE_INFO read (null for xml, UDT and sql_variant), its type byte. */
    private record TvpColumn(int tdsType, WireType wire, boolean hasDefault) {
    }

    /**
     * TVP_TYPE_INFO to its last TVP_END_TOKEN: TVP_TYPENAME, TVP_COLMETADATA, optional TVP_ORDER_UNIQUE and
     * TVP_COLUMN_ORDERING, TVP_END_TOKEN, TVP_ROWs, TVP_END_TOKEN (MS-TDS 2.2.5.5.5). Returns the type's name as
     * "schema.type".
     */
    private static String readTvp(CheckedReader in) {
        bVarchar(in, "TVP database name");
        String schema = bVarchar(in, "TVP owning schema");
        String type = bVarchar(in, "TVP type name");
        List<TvpColumn> columns = readTvpColumns(in);
        while (true) {
            int token = in.u8("TVP metadata token");
            if (token == TVP_END_TOKEN) {
                break;
            }
            if (token == TVP_ORDER_UNIQUE_TOKEN) {
                int count = in.u16("TVP_ORDER_UNIQUE count");
                in.skip(count * 3, "TVP_ORDER_UNIQUE columns");
            } else if (token == TVP_COLUMN_ORDERING_TOKEN) {
                int count = in.u16("TVP_COLUMN_ORDERING count");
                in.skip(count * 2, "TVP_COLUMN_ORDERING columns");
            } else {
                throw new MalformedTdsException(String.format("byte 0x%02X after TVP_COLMETADATA is no TVP token",
                        token));
            }
        }
        while (true) {
            int token = in.u8("TVP row token");
            if (token == TVP_END_TOKEN) {
                break;
            }
            if (token != TVP_ROW_TOKEN) {
                throw new MalformedTdsException(String.format("byte 0x%02X in the rows of a TVP is neither"
                        + " TVP_ROW_TOKEN nor TVP_END_TOKEN", token));
            }
            if (columns.isEmpty()) {
                throw new MalformedTdsException("TVP row of a TVP without column metadata");
            }
            for (TvpColumn column : columns) {
                if (!column.hasDefault()) {
                    skipColumnValue(in, column);
                }
            }
        }
        return schema.isEmpty() ? type : schema + "." + type;
    }

    /** TVP_COLMETADATA: TVP_NULL_TOKEN, or a count (1..1024) of UserType, Flags, TYPE_INFO, ColName. */
    private static List<TvpColumn> readTvpColumns(CheckedReader in) {
        int count = in.u16("TVP column count");
        if (count == TVP_NULL_TOKEN) {
            return List.of();
        }
        if (count == 0 || count > MAX_TVP_COLUMNS) {
            throw new MalformedTdsException("TVP column count " + count + " is not in 1.." + MAX_TVP_COLUMNS);
        }
        List<TvpColumn> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            in.skip(4, "TVP column UserType");
            int flags = in.u16("TVP column flags");
            int type = in.u8("TVP column TYPE_INFO type");
            WireType wire = null;
            switch (type) {
                case TdsType.XML -> readXmlInfo(in);
                case TdsType.UDT -> readUdtInfo(in);
                case TdsType.SSVARIANT -> readVariantInfo(in);
                case TdsType.TVP -> throw new MalformedTdsException("a TVP column cannot be a TVP");
                default -> wire = TypeInfoReader.read(in, type);
            }
            bVarchar(in, "TVP column name");
            columns.add(new TvpColumn(type, wire, (flags & TVP_COLUMN_DEFAULT) != 0));
        }
        return columns;
    }

    private static void skipColumnValue(CheckedReader in, TvpColumn column) {
        try {
            if (column.wire() != null) {
                ValueReader.read(in, column.wire());
            } else if (column.tdsType() == TdsType.SSVARIANT) {
                readVariant(in);
            } else {
                PlpCodec.read(in, TdsType.describe(column.tdsType()) + " TVP value");
            }
        } catch (InvalidValueException e) {
            // read past: the whole TVP is refused
        }
    }

    private static String bVarchar(CheckedReader in, String what) {
        int length = in.u8(what + " length");
        return in.text(length * 2, StandardCharsets.UTF_16LE, what);
    }

    private static String usVarchar(CheckedReader in, String what) {
        int length = in.u16(what + " length");
        return in.text(length * 2, StandardCharsets.UTF_16LE, what);
    }
}
