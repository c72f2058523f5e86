package dev.tdsmock.wire;

/** Values of the PRELOGIN ENCRYPTION option. */
public final class Encryption {
    public static final int OFF = 0x00;
    public static final int ON = 0x01;
    public static final int NOT_SUP = 0x02;
    public static final int REQ = 0x03;
    /** Set by a client that wants to authenticate with a certificate; combined with one of the levels. */
    public static final int CLIENT_CERT = 0x80;

    private Encryption() {
    }

    public static String describe(int value) {
        String level = switch (value & ~CLIENT_CERT) {
            case OFF -> "OFF";
            case ON -> "ON";
            case NOT_SUP -> "NOT_SUP";
            case REQ -> "REQ";
            default -> String.format("0x%02X", value & ~CLIENT_CERT);
        };
        return (value & CLIENT_CERT) != 0 ? level + "+CLIENT_CERT" : level;
    }
}
