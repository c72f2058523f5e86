package dev.tdsmock.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The listen backlog and the accept workers: counts, not timings. */
@Timeout(90)
class AcceptStageTest {
    private static List<ConnectionRecord> resets(TdsServer server) {
        return server.journal().ended().stream()
                .filter(r -> r.ending().kind() == Ending.Kind.RST && r.ending().reason().startsWith("backlog full"))
                .toList();
    }

    @Test
    void aFullBacklogResetsTheRestAndServesTheFiveOnceTheWorkerResumes() throws IOException {
        try (TdsServer server = TestServers.start("listen-backlog-paused.conf")) {
            List<RawClient> clients = new ArrayList<>();
            try {
                int reset = 0;
                for (int i = 0; i < 20; i++) {
                    try {
                        clients.add(new RawClient(server.port()));
                    } catch (java.net.SocketException e) {
                        reset++; // reset so soon that the reset came before connect() returned
                    }
                }
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> resets(server).size() == 15);

                for (RawClient client : clients) {
                    // A reset connection may already refuse the PRELOGIN being sent.
                    boolean refusedPreLogin = !sent(client, Packets.preLogin(Encryption.NOT_SUP));
                    if (refusedPreLogin || client.closedWithin(Duration.ofMillis(200))) {
                        reset++;
                    }
                }
                assertEquals(15, reset, "connections beyond the backlog of 5 are reset");

                server.resumeAccepting();
                int served = 0;
                for (RawClient client : clients) {
                    if (!client.isClosed() && !failedToSend.contains(client)) {
                        assertEquals(0x04, client.readPacket()[0], "a PRELOGIN answer");
                        served++;
                    }
                }
                assertEquals(5, served);
                assertEquals(15, resets(server).size());
            } finally {
                for (RawClient client : clients) {
                    client.close();
                }
            }
        }
    }

    private final java.util.Set<RawClient> failedToSend = new java.util.HashSet<>();

    private boolean sent(RawClient client, byte[] bytes) {
        try {
            client.send(bytes);
            return true;
        } catch (IOException e) {
            failedToSend.add(client);
            return false;
        }
    }

    @Test
    void refuseClosesThePortWhileTheBacklogIsFull() throws IOException {
        try (TdsServer server = TestServers.start("listen-backlog-refuse.conf")) {
            try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port())) {
                ConnectException refused = Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> connectOutcome(server.port()), outcome -> outcome instanceof ConnectException)
                        instanceof ConnectException e ? e : null;
                assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());

                server.resumeAccepting();
                first.send(Packets.preLogin(Encryption.NOT_SUP));
                second.send(Packets.preLogin(Encryption.NOT_SUP));
                assertEquals(0x04, first.readPacket()[0]);
                assertEquals(0x04, second.readPacket()[0]);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> connectOutcome(server.port()) == null);
            }
        }
    }

    /** null when a connection was made, else what connecting threw. */
    private static IOException connectOutcome(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    @Test
    void kernelModeLetsTheOsDropSynsSoAShortConnectTimeoutRunsOut() throws IOException {
        try (TdsServer server = TestServers.start("listen-backlog-kernel.conf")) {
            List<Socket> sockets = new ArrayList<>();
            try {
                SocketTimeoutException timedOut = null;
                for (int i = 0; i < 10 && timedOut == null; i++) {
                    Socket socket = new Socket();
                    sockets.add(socket);
                    try {
                        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
                    } catch (SocketTimeoutException e) {
                        timedOut = e;
                    }
                }
                assertTrue(timedOut != null, "a connect timed out once the OS backlog of 1 was full");
                assertTrue(sockets.size() <= 4, "within backlog + a few connections: " + sockets.size());
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    private static String url(TdsServer server, int loginTimeoutSeconds) {
        return "jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;encrypt=false;loginTimeout="
                + loginTimeoutSeconds;
    }

    private static void assertLoginTimesOut(String scenario) {
        try (TdsServer server = TestServers.start(scenario)) {
            SQLException timedOut = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(url(server, 1)).close());
            assertTrue(timedOut.getMessage().contains("Read timed out"), timedOut.getMessage());
        }
    }

    private static void assertLogsIn(String scenario) throws SQLException {
        try (TdsServer server = TestServers.start(scenario);
             Connection connection = DriverManager.getConnection(url(server, 1))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    /** The client gives up while it waits for the accept worker: the journal says it waited and left. */
    @Test
    void slowAcceptFailsAShortLoginTimeoutWhenWellAboveASecond() {
        try (TdsServer server = TestServers.start("slow-accept-3s.conf")) {
            SQLException timedOut = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    url(server, 1) + ";connectRetryCount=0;transparentNetworkIPResolution=false").close());
            assertTrue(timedOut.getMessage().contains("Read timed out"), timedOut.getMessage());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertEquals("accept", record.ending().during(), record.toString());
            assertTrue(record.ending().reason().matches("the client left after waiting \\d+ ms to be accepted: "
                    + "the server had read nothing it sent"), record.ending().reason());
            assertEquals(List.of("listener.accept"), record.faults().stream().map(f -> f.id()).toList());
            assertTrue(record.faults().get(0).effect().startsWith("waits in the backlog (1 waiting) for one of 1 "
                    + "accept workers, 3000 ms an accept"), record.faults().get(0).effect());
            assertEquals(null, record.preLogin(), "the server read nothing");
        }
    }

    @Test
    void slowAcceptLetsTheSameClientInWhenWellBelowASecond() throws SQLException {
        assertLogsIn("slow-accept-fast.conf");
    }

    @Test
    void slowLoginFailsAShortLoginTimeoutWhenWellAboveASecond() {
        assertLoginTimesOut("slow-login");
    }

    @Test
    void slowLoginLetsTheSameClientInWhenWellBelowASecond() throws SQLException {
        assertLogsIn("slow-login-fast.conf");
    }

    @Test
    void slowPreLoginAndSlowTlsFailAShortLoginTimeout() {
        assertLoginTimesOut("slow-prelogin");
        try (TdsServer server = TestServers.start("slow-tls")) {
            SQLException timedOut = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    url(server, 1) + ";encrypt=true;trustServerCertificate=true").close());
            assertTrue(timedOut.getMessage().contains("could not establish a secure connection"),
                    timedOut.getMessage());
            assertTrue(timedOut.getMessage().contains("Read timed out"), timedOut.getMessage());
        }
    }
}
