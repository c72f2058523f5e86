package dev.tdsmock.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** Real client packets from the captures in src/test/resources/captures, and variations of them. */
public final class Packets {
    /** Payload offset of the ENCRYPTION byte in mssql-jdbc 13.6's PRELOGIN. */
    private static final int MSSQL_JDBC_ENCRYPTION_AT = 8 + 22;

    private Packets() {
    }

    /** The first packet of a capture file ("PRELOGIN pkt hex:" line), header included. */
    public static byte[] captured(String file) {
        try {
            for (String line : Files.readAllLines(Path.of("src/test/resources/captures", file))) {
                int at = line.indexOf("PRELOGIN pkt hex: ");
                if (at >= 0) {
                    return HexFormat.of().parseHex(line.substring(at + "PRELOGIN pkt hex: ".length()).strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no packet in " + file);
    }

    /** mssql-jdbc 13.6's PRELOGIN with the ENCRYPTION byte set to {@code encryption}. */
    public static byte[] preLogin(int encryption) {
        byte[] packet = captured("mssql-jdbc--all-j13-enc.txt");
        packet[MSSQL_JDBC_ENCRYPTION_AT] = (byte) encryption;
        return packet;
    }

    /** A TDS packet around a payload. */
    public static byte[] packet(int type, int status, byte[] payload) {
        byte[] packet = new byte[8 + payload.length];
        packet[0] = (byte) type;
        packet[1] = (byte) status;
        packet[2] = (byte) (packet.length >> 8);
        packet[3] = (byte) packet.length;
        packet[6] = 1;
        System.arraycopy(payload, 0, packet, 8, payload.length);
        return packet;
    }
}
