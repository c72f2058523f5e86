package dev.tdsmock.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Servers that accept and then stay silent, or stop reading. */
@Timeout(60)
class SilentServerTest {
    private TdsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSilentServerScenarioTimesMssqlJdbcOut() {
        server = TestServers.start("silent-server");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sqlserver://localhost:"
                + server.port() + ";user=sa;password=x;encrypt=false;loginTimeout=2;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false"));
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(new Ending(Ending.Kind.SILENCE, Ending.Side.SERVER, record.ending().reason(), "accept"),
                record.ending());
    }

    /** A TDS 4.2/5.0 login (first byte 0x02), which a healthy listener closes as bad input, meets silence too. */
    @Test
    void aLegacyLoginMeetsSilence() throws Exception {
        server = TestServers.start("silent-server");
        try (RawClient client = new RawClient(server.port())) {
            client.send(Packets.packet(0x02, 0x01, new byte[64]));
            assertFalse(client.closedWithin(Duration.ofMillis(500)), "the server neither answers nor closes");
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.SILENCE, record.ending().kind(), record.toString());
        assertFalse(record.phases().containsKey("first-bytes"), "nothing was read as TDS: " + record);
    }

    /** stop-reading: the server reads nothing more, so what the client writes backs up in the socket buffers. */
    @Test
    void stopReadingBacksUpTheClientsWrites() throws Exception {
        server = TestServers.start("healthy");
        server.faults().add(FaultReader.read("{ type = close, at = prelogin, ending = stop-reading }"));
        int total = 64 * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
            channel.write(ByteBuffer.wrap(Packets.preLogin(0x02)));
            await().atMost(Duration.ofSeconds(20)).until(() -> server.journal().records().get(0).ending() != null);
            channel.configureBlocking(false);
            ByteBuffer flood = ByteBuffer.allocate(total);
            // keep writing until the kernel takes nothing more: the server is not reading
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                int n = channel.write(flood);
                written.addAndGet(n);
                return n == 0;
            });
            assertTrue(written.get() < total, "only the socket buffers' worth went out: " + written.get());
            assertTrue(channel.isConnected());
        }
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.STOP_READING, record.ending().kind(), record.toString());
        assertEquals("prelogin", record.ending().during());
    }
}
