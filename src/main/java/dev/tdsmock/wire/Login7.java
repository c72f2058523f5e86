package dev.tdsmock.wire;

import java.util.List;

/**
 * A LOGIN7 message (MS-TDS 2.2.6.4), every field decoded. {@link #toString()} leaves the password out.
 *
 * @param tdsVersion as the client wrote it, little-endian: 0x74000004 for TDS 7.4, 0x08000000 for TDS 8.0
 */
public record Login7(
        long tdsVersion,
        long packetSize,
        long clientProgramVersion,
        long clientPid,
        long connectionId,
        int optionFlags1,
        int optionFlags2,
        int typeFlags,
        int optionFlags3,
        int clientTimeZone,
        long clientLcid,
        String hostName,
        String userName,
        String password,
        String appName,
        String serverName,
        String clientInterfaceName,
        String language,
        String database,
        String clientId,
        int sspiLength,
        String attachDbFile,
        String changePassword,
        List<FeatureRequest> features) {

    public static final int FEATURE_TERMINATOR = 0xFF;
    /** OptionFlags3 bit saying the Extension field points at feature extension data. */
    public static final int FLAG3_EXTENSION = 0x10;
    public static final int TYPE_READ_ONLY_INTENT = 0x20;
    /** OptionFlags2 bit for integrated (SSPI) security. */
    public static final int FLAG2_INTEGRATED_SECURITY = 0x80;

    /** One FeatureExt entry the client asked for. */
    public record FeatureRequest(int id, byte[] data) {
        @Override
        public String toString() {
            return String.format("0x%02X(%d bytes)", id, data.length);
        }
    }

    /** TypeFlags fReadOnlyIntent (MS-TDS 2.2.6.4): the application asked for a read-only replica. */
    public boolean readOnlyIntent() {
        return (typeFlags & TYPE_READ_ONLY_INTENT) != 0;
    }

    public boolean integratedSecurity() {
        return (optionFlags2 & FLAG2_INTEGRATED_SECURITY) != 0;
    }

    public String tdsVersionText() {
        return String.format("0x%08X", tdsVersion);
    }

    @Override
    public String toString() {
        return "LOGIN7[tdsVersion=" + tdsVersionText() + " packetSize=" + packetSize
                + String.format(" clientProgVer=0x%08X", clientProgramVersion)
                + " host='" + LogText.printable(hostName) + "' user='" + LogText.printable(userName) + "' app='"
                + LogText.printable(appName) + "' server='" + LogText.printable(serverName) + "' interface='"
                + LogText.printable(clientInterfaceName) + "' language='" + LogText.printable(language)
                + "' database='" + LogText.printable(database) + "' sspi=" + sspiLength + " features=" + features + "]";
    }
}
