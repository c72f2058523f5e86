package dev.tdsmock.wire;

import java.util.HexFormat;
import java.util.List;

/**
 * A PRELOGIN message (MS-TDS 2.2.6.5) as one side sent it. Options the sender left out are null.
 *
 * @param version   VERSION: major, minor, build (big-endian) and sub-build (little-endian)
 * @param encryption ENCRYPTION byte, CLIENT_CERT bit included
 * @param unknownOptions option tokens this parser does not know, kept so they can be reported
 */
public record PreLogin(
        Version version,
        Integer encryption,
        String instance,
        Long threadId,
        Integer mars,
        byte[] traceId,
        Integer fedAuthRequired,
        byte[] nonce,
        List<Integer> unknownOptions) {

    public static final int OPTION_VERSION = 0x00;
    public static final int OPTION_ENCRYPTION = 0x01;
    public static final int OPTION_INSTOPT = 0x02;
    public static final int OPTION_THREADID = 0x03;
    public static final int OPTION_MARS = 0x04;
    public static final int OPTION_TRACEID = 0x05;
    public static final int OPTION_FEDAUTHREQUIRED = 0x06;
    public static final int OPTION_NONCE = 0x07;
    public static final int TERMINATOR = 0xFF;

    public record Version(int major, int minor, int build, int subBuild) {
        @Override
        public String toString() {
            return major + "." + minor + "." + build + "." + subBuild;
        }
    }

    /** The encryption byte without the CLIENT_CERT bit, or null when the option was absent. */
    public Integer encryptionLevel() {
        return encryption == null ? null : encryption & ~Encryption.CLIENT_CERT;
    }

    public boolean clientCertificateRequested() {
        return encryption != null && (encryption & Encryption.CLIENT_CERT) != 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("PRELOGIN[");
        text.append("version=").append(version);
        if (encryption != null) {
            text.append(" encryption=").append(Encryption.describe(encryption));
        }
        if (instance != null) {
            text.append(" instance='").append(LogText.printable(instance)).append('\'');
        }
        if (threadId != null) {
            text.append(" threadId=").append(threadId);
        }
        if (mars != null) {
            text.append(" mars=").append(mars);
        }
        if (traceId != null) {
            text.append(" traceId=").append(HexFormat.of().formatHex(traceId));
        }
        if (fedAuthRequired != null) {
            text.append(" fedAuthRequired=").append(fedAuthRequired);
        }
        if (nonce != null) {
            text.append(" nonce=").append(nonce.length).append(" bytes");
        }
        if (!unknownOptions.isEmpty()) {
            text.append(" unknownOptions=").append(unknownOptions);
        }
        return text.append(']').toString();
    }
}
