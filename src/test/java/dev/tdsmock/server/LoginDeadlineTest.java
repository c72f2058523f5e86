package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * limits.login-deadline: a client that trickles its login, a byte at a time so that the idle timeout never runs
 * out, is ended when the deadline passes; time the server holds an answer itself is not the client's.
 */
@Timeout(60)
class LoginDeadlineTest {

    @Test
    void aTricklingClientIsEndedAtTheDeadline() throws Exception {
        byte[] login = Packets.captured("jtds--jtds-ssl-off-srvoff.txt"); // LOGIN7 with no PRELOGIN before it
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try (TdsServer server = TestServers.start("login-deadline.conf");
             RawClient client = new RawClient(server.port())) {
            AtomicInteger sent = new AtomicInteger();
            pace.scheduleAtFixedRate(() -> {
                int at = sent.get();
                if (at < login.length) {
                    try {
                        client.send(new byte[] {login[at]});
                        sent.incrementAndGet();
                    } catch (IOException ended) {
                        throw new IllegalStateException("ended", ended); // stops the schedule
                    }
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
            assertTrue(client.closedByServer(), "the server ends the connection");
            ConnectionRecord record = Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.journal().ended().stream().findFirst().orElse(null), found -> found != null);
            assertEquals(Ending.Side.SERVER, record.ending().by());
            assertEquals(Ending.Kind.FIN, record.ending().kind());
            assertEquals("login not completed within 2000 ms (limits.login-deadline) during login",
                    record.ending().reason());
            assertEquals("login", record.ending().during());
            assertTrue(sent.get() > 5 && sent.get() < login.length, "bytes kept coming: " + sent.get() + " of "
                    + login.length);
        } finally {
            pace.shutdownNow();
        }
    }

    @Test
    void aHeldPreLoginAnswerDoesNotUseUpTheDeadline() throws IOException {
        try (TdsServer server = TestServers.start("login-deadline-delay.conf");
             RawClient client = new RawClient(server.port())) {
            client.send(Packets.preLogin(Encryption.NOT_SUP));
            byte[] answer = client.readPacket(); // held 2.5 s, longer than the 2 s deadline
            assertEquals(PacketType.TABULAR_RESULT, answer[0]);
            client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().user("sa").password("x").build()));
            byte[] loginAck = client.readPacket();
            assertEquals(PacketType.TABULAR_RESULT, loginAck[0]);
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.journal().records().get(0).phases().containsKey("logged-in"));
            assertTrue(server.journal().ended().isEmpty(), "still open: " + server.journal().ended());
        }
    }
}
