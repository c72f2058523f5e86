package dev.tdsmock.bench;

import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The three messages a benchmark client sends, each one TDS packet, built once. */
final class ClientMessages {
    /** mssql-jdbc's PRELOGIN asking for TLS for the whole session (ENCRYPT_ON). */
    static final byte[] PRELOGIN_TLS = Packets.preLogin(Encryption.ON);
    /** The same without TLS (ENCRYPT_NOT_SUP). */
    static final byte[] PRELOGIN_PLAIN = Packets.preLogin(Encryption.NOT_SUP);
    static final byte[] LOGIN7 = Packets.packet(PacketType.LOGIN7, 0x01,
            new Login7Builder().user("sa").password("Secret123!").database("master").build());
    static final byte[] SELECT_1 = Packets.packet(PacketType.SQL_BATCH, 0x01, batch("SELECT 1"));

    private ClientMessages() {
    }

    /** SQLBatch payload: ALL_HEADERS with a transaction descriptor (MS-TDS 2.2.5.3), then the text in UTF-16LE. */
    private static byte[] batch(String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] allHeaders = {22, 0, 0, 0, 18, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0};
        out.writeBytes(allHeaders);
        out.writeBytes(sql.getBytes(StandardCharsets.UTF_16LE));
        return out.toByteArray();
    }
}
