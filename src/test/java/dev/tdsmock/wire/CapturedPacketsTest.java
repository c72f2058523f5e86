package dev.tdsmock.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.Packets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The first packets real clients sent (src/test/resources/captures) decode to what the capture says. */
class CapturedPacketsTest {
    static Stream<String> preLoginCaptures() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/captures"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
                    .filter(n -> firstPacketType(n) == PacketType.PRELOGIN).sorted().toList();
            return names.stream();
        }
    }

    private static int firstPacketType(String file) {
        try {
            return Packets.captured(file)[0];
        } catch (IllegalArgumentException noPacket) {
            return -1;
        }
    }

    /** The capture's own decoding, e.g. "VERSION=13.6.2.0 ENCRYPTION=01". */
    private static String parsedLine(String file) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/captures", file)).stream()
                .filter(l -> l.contains("PRELOGIN parsed:")).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("preLoginCaptures")
    void everyCapturedPreLoginDecodes(String file) throws IOException {
        byte[] packet = Packets.captured(file);
        ByteBuf payload = Unpooled.wrappedBuffer(packet, 8, packet.length - 8);
        PreLogin preLogin = PreLoginCodec.decode(payload);
        String parsed = parsedLine(file);
        assertTrue(parsed.contains("VERSION=" + preLogin.version()), parsed + " vs " + preLogin);
        assertNotNull(preLogin.encryption());
        assertTrue(parsed.contains(String.format("ENCRYPTION=%02x", preLogin.encryption())), parsed + " vs " + preLogin);
    }

    @Test
    void mssqlJdbcPreLogin() {
        byte[] packet = Packets.captured("mssql-jdbc--all-j13-enc.txt");
        PreLogin preLogin = PreLoginCodec.decode(Unpooled.wrappedBuffer(packet, 8, packet.length - 8));
        assertEquals(new PreLogin.Version(13, 6, 2, 0), preLogin.version());
        assertEquals(Encryption.ON, preLogin.encryption());
        assertEquals(36, preLogin.traceId().length);
        assertNull(preLogin.instance());
        assertTrue(preLogin.unknownOptions().isEmpty());
    }

    @Test
    void jtdsLogin7WithoutPreLogin() {
        byte[] packet = Packets.captured("jtds--jtds-ssl-off-srvoff.txt");
        assertEquals(PacketType.LOGIN7, packet[0]);
        Login7 login = Login7Parser.parse(Unpooled.wrappedBuffer(packet, 8, packet.length - 8));
        assertEquals(TdsVersion.V7_1, login.tdsVersion());
        assertEquals("VM", login.hostName());
        assertEquals("sa", login.userName());
        assertEquals("jTDS", login.appName());
        assertEquals("127.0.0.1", login.serverName());
        assertEquals("jTDS", login.clientInterfaceName());
        assertEquals("", login.database());
        assertTrue(login.features().isEmpty());
        assertTrue(!login.toString().contains(login.password()) || login.password().isEmpty());
    }

    @Test
    void preLoginReplyRoundTrips() {
        ByteBuf reply = Unpooled.buffer();
        PreLoginCodec.encodeReply(reply, new PreLogin.Version(16, 0, 1000, 6), Encryption.REQ, true);
        PreLogin decoded = PreLoginCodec.decode(reply);
        assertEquals(new PreLogin.Version(16, 0, 1000, 6), decoded.version());
        assertEquals(Encryption.REQ, decoded.encryption());
        assertEquals(0, decoded.mars());
        assertEquals(0, decoded.fedAuthRequired());
        assertNull(decoded.threadId());
    }
}
