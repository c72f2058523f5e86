package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each kind of bad input ends its own connection with one clear log line, and a real driver connects
 * right after: the listener and everyone else carry on.
 */
@Timeout(60)
class BadInputTest {
    private static TdsServer server;
    private static LogCapture log;

    @BeforeAll
    static void start() {
        log = new LogCapture();
        server = TestServers.start("limits.conf");
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    @AfterEach
    void aHealthyClientConnectsRightAfter() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port()
                + ";user=sa;password=x;encrypt=true;trustServerCertificate=true;loginTimeout=15")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    private static void assertClosedWithLogLine(RawClient client, String... fragments) throws IOException {
        assertTrue(client.closedByServer(), "the server closes the connection");
        String line = log.awaitLine(fragments);
        assertEquals(1, log.count(fragments), "exactly one line: " + line);
        String reason = fragments[fragments.length - 1];
        ConnectionRecord record = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> server.journal().ended().stream()
                        .filter(r -> r.ending().reason().contains(reason)).findFirst().orElse(null),
                found -> found != null);
        assertEquals(Ending.Side.SERVER, record.ending().by(), record.toString());
    }

    @Test
    void garbageFirstBytes() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedWithLogLine(client, "WARN", "bad input during first-bytes",
                    "first byte 0x47 is neither PRELOGIN");
        }
    }

    @Test
    void preLoginWithoutItsTerminator() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(Packets.packet(0x12, 0x01, new byte[] {0x00, 0x00, 0x1A, 0x00, 0x06}));
            assertClosedWithLogLine(client, "WARN", "bad input during prelogin", "no terminator");
        }
    }

    @Test
    void packetCutShortByTheClient() throws IOException {
        byte[] preLogin = Packets.preLogin(Encryption.ON);
        byte[] firstPart = java.util.Arrays.copyOf(preLogin, 20);
        try (RawClient client = new RawClient(server.port())) {
            client.send(firstPart);
            client.shutdownOutput();
            assertClosedWithLogLine(client, "WARN", "connection ended inside a packet: 20 of " + preLogin.length);
        }
    }

    @Test
    void preLoginOptionOffsetOutsideThePacket() throws IOException {
        byte[] payload = {0x00, 0x00, 0x0B, 0x00, 0x06, 0x01, 0x01, 0x00, 0x00, 0x01, (byte) 0xFF,
            0x10, 0x00, 0x00, 0x00, 0x00, 0x00};
        try (RawClient client = new RawClient(server.port())) {
            client.send(Packets.packet(0x12, 0x01, payload));
            assertClosedWithLogLine(client, "WARN", "PRELOGIN option 0x01 points at bytes 256..257, outside");
        }
    }

    @Test
    void preLoginInstanceOptionOfLengthZeroPastThePacket() throws IOException {
        // 25 bytes in all: VERSION, then INSTOPT with length 0 at offset 0xFFFF
        try (RawClient client = new RawClient(server.port())) {
            client.sendHex("12 01 00 19 00 00 01 00  00 00 0B 00 06  02 FF FF 00 00  FF  10 00 00 00 00 00");
            assertClosedWithLogLine(client, "WARN", "bad input during prelogin",
                    "PRELOGIN option 0x02 points at bytes 65535..65535, outside the option data (11..17)");
        }
    }

    @Test
    void packetLengthBeyondTheLimit() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.sendHex("12 01 FF FF 00 00 01 00");
            assertClosedWithLogLine(client, "WARN", "packet length 65535 is outside 8..32767");
        }
    }

    @Test
    void messageBeyondTheLimit() throws IOException {
        byte[] notLast = Packets.packet(0x12, 0x00, new byte[30_000]);
        try (RawClient client = new RawClient(server.port())) {
            for (int i = 0; i < 3; i++) {
                client.send(notLast);
            }
            assertClosedWithLogLine(client, "WARN", "PRELOGIN message is larger than the limit of 65536 bytes");
        }
    }

    @Test
    void clientDisappearsMidHandshake() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            client.send(Packets.preLogin(Encryption.ON));
            byte[] reply = client.readPacket();
            assertEquals(0x04, reply[0], "PRELOGIN answer");
            client.send(Packets.packet(0x12, 0x01, new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00}));
        }
        log.awaitLine("closed by the client during tls-handshake");
        ConnectionRecord record = Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> server.journal().ended().stream()
                        .filter(r -> r.ending().reason().contains("during tls-handshake")).findFirst().orElse(null),
                found -> found != null);
        assertEquals(Ending.Side.CLIENT, record.ending().by());
        assertTrue(record.phases().containsKey("prelogin") && record.phases().containsKey("tls-handshake"),
                record.phases().toString());
    }

    @Test
    void clientThatSendsNothing() throws IOException {
        try (RawClient client = new RawClient(server.port())) {
            assertClosedWithLogLine(client, "WARN", "idle timeout: the client sent nothing for 1000 ms during first-bytes");
            assertEquals(1, server.journal().ended().stream()
                    .filter(r -> r.ending().kind() == Ending.Kind.TIMEOUT).count());
        }
    }

    @Test
    void login7WithAFieldPastItsEnd() throws IOException {
        byte[] login = Packets.captured("jtds--jtds-ssl-off-srvoff.txt");
        login[8 + 36] = (byte) 0xF0; // HostName offset far beyond the message
        try (RawClient client = new RawClient(server.port())) {
            client.send(login);
            assertClosedWithLogLine(client, "WARN", "bad input during login", "LOGIN7 field HostName at offset 240");
        }
    }
}
