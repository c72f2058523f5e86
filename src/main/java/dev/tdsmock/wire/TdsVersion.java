package dev.tdsmock.wire;

/** TDS protocol versions as LOGIN7 and LOGINACK carry them. */
public final class TdsVersion {
    public static final long V7_0 = 0x70000000L;
    /** TDS 7.1 as SQL Server 2000 before SP1 clients write it. */
    public static final long V7_1_BEFORE_REV1 = 0x71000000L;
    public static final long V7_1 = 0x71000001L;
    public static final long V7_2 = 0x72090002L;
    public static final long V7_3A = 0x730A0003L;
    public static final long V7_3B = 0x730B0003L;
    public static final long V7_4 = 0x74000004L;
    /** What a TDS 8.0 (strict) client writes in LOGIN7; the server still answers 7.4 in LOGINACK. */
    public static final long V8_0_LOGIN = 0x08000000L;

    private TdsVersion() {
    }

    /** The version the server answers with: the client's own up to 7.4. */
    public static long negotiate(long clientVersion) {
        if (clientVersion == V8_0_LOGIN || clientVersion >= V7_4 || clientVersion < V7_0) {
            return V7_4;
        }
        return clientVersion;
    }

    /**
     * The TDSVersion a LOGINACK carries for a negotiated version (MS-TDS 2.2.7.14): TDS 7.0 and 7.1 are answered in
     * their old form, 0x07000000 and 0x07010000 (a client reading 0x70000000 would take it for 7.1 or later); the
     * others as LOGIN7 writes them.
     */
    public static long loginAck(long negotiated) {
        if (negotiated == V7_0) {
            return 0x07000000L;
        }
        if (negotiated == V7_1_BEFORE_REV1) {
            return 0x07010000L;
        }
        return negotiated;
    }

    /**
     * The negotiated version a LOGINACK's TDSVersion says (MS-TDS 2.2.7.14), the inverse of {@link #loginAck}: the
     * old forms of 7.0 and 7.1 read back, anything unknown (or a server's 8.0) taken as 7.4.
     */
    public static long fromLoginAck(long loginAck) {
        if (loginAck == 0x07000000L) {
            return V7_0;
        }
        if (loginAck == 0x07010000L) {
            return V7_1_BEFORE_REV1;
        }
        return loginAck < V7_0 || loginAck > V7_4 ? V7_4 : loginAck;
    }

    /** TDS 7.2 widened DONE row counts to 8 bytes and INFO/ERROR line numbers to 4. */
    public static boolean atLeast72(long negotiated) {
        return negotiated >= V7_2;
    }
}
