package dev.tdsmock.wire.types;

/** Data type tokens of MS-TDS 2.2.5.4, as they appear in TYPE_INFO. */
final class TdsType {
    static final int NULLTYPE = 0x1F;

    static final int INT1 = 0x30;
    static final int BIT = 0x32;
    static final int INT2 = 0x34;
    static final int INT4 = 0x38;
    static final int DATETIM4 = 0x3A;
    static final int FLT4 = 0x3B;
    static final int MONEY = 0x3C;
    static final int DATETIME = 0x3D;
    static final int FLT8 = 0x3E;
    static final int MONEY4 = 0x7A;
    static final int INT8 = 0x7F;

    static final int GUID = 0x24;
    static final int INTN = 0x26;
    static final int DATEN = 0x28;
    static final int TIMEN = 0x29;
    static final int DATETIME2N = 0x2A;
    static final int DATETIMEOFFSETN = 0x2B;
    static final int BITN = 0x68;
    static final int DECIMALN = 0x6A;
    static final int NUMERICN = 0x6C;
    static final int FLTN = 0x6D;
    static final int MONEYN = 0x6E;
    static final int DATETIMN = 0x6F;

    static final int BIGVARBIN = 0xA5;
    static final int BIGVARCHR = 0xA7;
    static final int BIGBINARY = 0xAD;
    static final int BIGCHAR = 0xAF;
    static final int NVARCHAR = 0xE7;
    static final int NCHAR = 0xEF;

    static final int SSVARIANT = 0x62;
    static final int UDT = 0xF0;
    static final int XML = 0xF1;
    static final int TVP = 0xF3;

    static final int IMAGE = 0x22;
    static final int TEXT = 0x23;
    static final int NTEXT = 0x63;

    /** The USHORT maximum length that marks a (max) type, whose values travel as PLP. */
    static final int USHORT_MAX_LENGTH = 0xFFFF;
    /** A USHORT value length that means NULL (CHARBIN_NULL). */
    static final int CHARBIN_NULL = 0xFFFF;

    private TdsType() {
    }

    /** The type byte in hex with its MS-TDS name where one is known, e.g. "0xF3 (TVP)". */
    static String describe(int type) {
        String hex = String.format("0x%02X", type);
        String name = switch (type) {
            case SSVARIANT -> "SQL_VARIANT";
            case UDT -> "UDT";
            case XML -> "XML";
            case TVP -> "TVP";
            case 0xF4 -> "JSON";
            case 0xF5 -> "VECTOR";
            case 0x25 -> "legacy VARBINARY";
            case 0x27 -> "legacy VARCHAR";
            case 0x2D -> "legacy BINARY";
            case 0x2F -> "legacy CHAR";
            case 0x37 -> "legacy DECIMAL";
            case 0x3F -> "legacy NUMERIC";
            default -> null;
        };
        return name == null ? hex : hex + " (" + name + ")";
    }
}
