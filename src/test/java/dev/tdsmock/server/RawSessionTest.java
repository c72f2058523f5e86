package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sessions driven byte by byte, for what drivers do not let a test control. */
@Timeout(60)
class RawSessionTest {
    private static final int LOGINACK = 0xAD;
    private static final int DONE = 0xFD;
    private static TdsServer server;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = new LogCapture();
        server = TestServers.start("healthy");
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    private static boolean contains(byte[] packet, int token) {
        for (int i = 8; i < packet.length; i++) {
            if ((packet[i] & 0xFF) == token) {
                return true;
            }
        }
        return false;
    }

    @Test
    void login7WithoutPreLoginIsServed() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(Packets.captured("jtds--jtds-ssl-off-srvoff.txt"));
            byte[] reply = client.readPacket();
            assertEquals(PacketType.TABULAR_RESULT, reply[0]);
            assertTrue(contains(reply, LOGINACK), "LOGINACK in the login answer");
        }
        log.awaitLine("LOGIN7 without PRELOGIN");
        log.awaitLine("logged in: user 'sa'", "TDS 0x71000001");
    }

    @Test
    void transactionManagerBeginAndCommit() throws IOException {
        try (RawClient client = loggedIn()) {
            client.send(Packets.packet(PacketType.TRANSACTION_MANAGER, 0x01, transactionRequest(5)));
            byte[] begun = client.readPacket();
            assertEquals(0xE3, begun[8] & 0xFF, "ENVCHANGE");
            assertEquals(8, begun[11], "begin transaction");
            assertEquals(8, begun[12], "an 8-byte transaction descriptor");

            client.send(Packets.packet(PacketType.TRANSACTION_MANAGER, 0x01, transactionRequest(7)));
            byte[] committed = client.readPacket();
            assertEquals(0xE3, committed[8] & 0xFF);
            assertEquals(9, committed[11], "commit transaction");
            assertEquals(0, committed[12], "no new descriptor");
            assertEquals(8, committed[13], "the old descriptor");
        }
        log.awaitLine("transaction manager: COMMIT");
    }

    /** ALL_HEADERS with a transaction descriptor header, then the request type and an empty name. */
    private static byte[] transactionRequest(int type) {
        java.nio.ByteBuffer request = java.nio.ByteBuffer.allocate(22 + 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        request.putInt(22).putInt(18).putShort((short) 2).putLong(0).putInt(1);
        request.putShort((short) type).put((byte) 0).put((byte) 0);
        return request.array();
    }

    private static RawClient loggedIn() throws IOException {
        RawClient client = new RawClient(server.port());
        client.send(Packets.preLogin(Encryption.NOT_SUP));
        assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0]);
        client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().build()));
        assertTrue(contains(client.readPacket(), LOGINACK));
        return client;
    }

    @Test
    void attentionIsAcknowledgedWithTheAttentionBit() throws IOException {
        try (RawClient client = loggedIn()) {
            client.send(Packets.packet(PacketType.ATTENTION, 0x01, new byte[0]));
            byte[] reply = client.readPacket();
            assertEquals(8 + 13, reply.length, "one DONE token");
            assertEquals(DONE, reply[8] & 0xFF);
            assertEquals(0x20, reply[9], "DONE_ATTN");
        }
        log.awaitLine("ATTENTION: acknowledged");
    }
}
