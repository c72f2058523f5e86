package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ATTENTION before the login is answered (pytds sends one when its read of the PRELOGIN answer times out): the
 * client's cancel, journalled as the client's ending, not as bad input.
 */
@Timeout(60)
class EarlyAttentionTest {
    private static final byte[] ATTENTION = Packets.packet(PacketType.ATTENTION, 0x01, new byte[0]);

    @Test
    void attentionWhileThePreLoginAnswerIsHeldIsTheClientsCancel() throws Exception {
        try (TdsServer server = TestServers.start("slow-prelogin");
             RawClient client = new RawClient(server.port())) {
            client.send(Packets.preLogin(Encryption.NOT_SUP));
            server.faults().all().get(0).firedAtLeast(1).get(10, TimeUnit.SECONDS);
            client.send(ATTENTION);

            assertTrue(client.closedByServer(), "the server closes; the held answer never comes");
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertEquals(Ending.Kind.CLOSE, record.ending().kind());
            assertEquals("prelogin", record.ending().during());
            assertTrue(record.ending().reason().startsWith("the client cancelled (ATTENTION) during prelogin"),
                    record.ending().reason());
        }
    }

    @Test
    void attentionWhileTheLoginAnswerIsHeldIsTheClientsCancel() throws Exception {
        try (TdsServer server = TestServers.start("slow-login");
             RawClient client = new RawClient(server.port())) {
            client.send(Packets.preLogin(Encryption.NOT_SUP));
            client.readPacket();
            client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().build()));
            server.faults().all().get(0).firedAtLeast(1).get(10, TimeUnit.SECONDS);
            client.send(ATTENTION);

            assertTrue(client.closedByServer());
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertEquals("login", record.ending().during());
            assertEquals(List.of("delay"), record.faults().stream().map(f -> f.type()).toList());
        }
    }

    /** pytds sends ATTENTION when its read of the TLS handshake times out: inside the PRELOGIN framing. */
    @Test
    void attentionInsteadOfTheClientHelloIsTheClientsCancel() throws Exception {
        try (TdsServer server = TestServers.start("healthy");
             RawClient client = new RawClient(server.port())) {
            client.send(Packets.preLogin(Encryption.ON));
            client.readPacket();
            client.send(ATTENTION);

            assertTrue(client.closedByServer());
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertEquals("tls-handshake", record.ending().during());
            assertTrue(record.ending().reason().startsWith("the client cancelled (ATTENTION) during tls-handshake"),
                    record.ending().reason());
        }
    }
}
