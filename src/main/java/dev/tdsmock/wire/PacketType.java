package dev.tdsmock.wire;

/** TDS packet header types (MS-TDS 2.2.3.1.1). */
public final class PacketType {
    public static final int SQL_BATCH = 0x01;
    public static final int PRE_TDS7_LOGIN = 0x02;
    public static final int RPC = 0x03;
    public static final int TABULAR_RESULT = 0x04;
    public static final int ATTENTION = 0x06;
    public static final int BULK_LOAD = 0x07;
    public static final int FEDAUTH_TOKEN = 0x08;
    public static final int TRANSACTION_MANAGER = 0x0E;
    public static final int LOGIN7 = 0x10;
    public static final int SSPI = 0x11;
    public static final int PRELOGIN = 0x12;

    private PacketType() {
    }

    public static boolean isClientType(int type) {
        return switch (type) {
            case SQL_BATCH, PRE_TDS7_LOGIN, RPC, ATTENTION, BULK_LOAD, FEDAUTH_TOKEN, TRANSACTION_MANAGER,
                    LOGIN7, SSPI, PRELOGIN -> true;
            default -> false;
        };
    }

    public static String name(int type) {
        return switch (type) {
            case SQL_BATCH -> "SQLBatch";
            case PRE_TDS7_LOGIN -> "pre-TDS7 Login";
            case RPC -> "RPC";
            case TABULAR_RESULT -> "Tabular result";
            case ATTENTION -> "Attention";
            case BULK_LOAD -> "Bulk load";
            case FEDAUTH_TOKEN -> "Federated auth token";
            case TRANSACTION_MANAGER -> "Transaction manager request";
            case LOGIN7 -> "LOGIN7";
            case SSPI -> "SSPI";
            case PRELOGIN -> "PRELOGIN";
            default -> String.format("unknown 0x%02X", type);
        };
    }
}
