package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.faults.InstalledFault;
import dev.tdsmock.faults.types.GateFault;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every place that keeps client bytes claims them from the listener's one budget (100 KiB in the test
 * scenarios): requests queued behind a held step, bytes sent while waiting to be accepted, TLS bytes sent while
 * the ServerHello is held, unfinished messages. The connection that would pass it ends as bad input, the others
 * are served, and once every connection has ended the listener holds nothing.
 */
@Timeout(90)
class BufferBudgetTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A 20,022-byte SQLBatch payload: ALL_HEADERS and "SELECT 1" padded with blanks, which the server trims. */
    private static final byte[] BATCH = batchPayload(10_000);
    private TdsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theConnectionWhoseQueuedRequestsWouldPassTheBudgetEndsAndTheOthersAreAnsweredWhenTheGateOpens()
            throws Exception {
        server = TestServers.start("buffer-budget.conf");
        GateFault.Gate gate = gate("{ type = gate, at = request }");
        try (RawClient first = loggedIn(); RawClient second = loggedIn(); RawClient third = loggedIn()) {
            // each sends one request, held at the gate, and two more, queued behind it: 2 x 20,022 bytes held
            for (RawClient client : List.of(first, second)) {
                client.send(batch()).send(batch()).send(batch());
            }
            gate.waitingAtLeast(2).get(20, TimeUnit.SECONDS);
            awaitHeld(4 * BATCH.length);
            third.send(batch()).send(batch());
            gate.waitingAtLeast(3).get(20, TimeUnit.SECONDS);
            awaitHeld(5 * BATCH.length);
            // one packet: the aggregator hands it on whole, and the queue is what has no room for it
            sendAsFarAsItGoes(third, Packets.packet(PacketType.SQL_BATCH, 0x01, BATCH));
            assertTrue(third.closedByServer(), "the connection over the budget is ended");
            ConnectionRecord ended = endedWith("limits.max-buffered-bytes-per-listener = 102400 bytes");
            assertEquals(Ending.Side.SERVER, ended.ending().by());
            assertEquals(Ending.Kind.FIN, ended.ending().kind());
            String reason = ended.ending().reason();
            assertTrue(reason.startsWith("bad input during "), reason);
            assertTrue(reason.contains((5 * BATCH.length) + " held by all connections, " + BATCH.length
                    + " by this one"), reason);
            assertTrue(reason.contains("messages queued while a step is held"), reason);
            awaitHeld(4 * BATCH.length);

            server.faults().clear(); // the gate goes, letting everyone through: the queued requests included
            for (RawClient client : List.of(first, second)) {
                for (int answer = 0; answer < 3; answer++) {
                    assertEquals(PacketType.TABULAR_RESULT, readMessage(client)[0], "the answer to SELECT 1");
                }
            }
            awaitHeld(0);
        }
        awaitHeld(0);
    }

    @Test
    void connectionsWaitingToBeAcceptedHoldWhatTheySendAgainstTheBudget() throws Exception {
        server = TestServers.start("buffer-budget-backlog.conf");
        byte[] preLogin = preLoginOf(40_000);
        try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port());
             RawClient third = new RawClient(server.port())) {
            first.send(preLogin);
            second.send(preLogin);
            awaitHeld(2L * preLogin.length);
            sendAsFarAsItGoes(third, preLogin);
            assertTrue(third.closedByServer(), "the connection over the budget is ended");
            ConnectionRecord ended = endedWith("bytes kept while waiting to be accepted");
            assertEquals(Ending.Side.SERVER, ended.ending().by());
            assertEquals(Ending.Kind.FIN, ended.ending().kind());
            assertEquals("accept", ended.ending().during(), ended.ending().reason());
            assertTrue(ended.ending().reason().contains("limits.max-buffered-bytes-per-listener = 102400 bytes"),
                    ended.ending().reason());
            awaitHeld(2L * preLogin.length);

            server.resumeAccepting();
            for (RawClient client : List.of(first, second)) {
                assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0], "the PRELOGIN answer");
            }
            awaitHeld(0);
        }
    }

    @Test
    void everythingHeldGoesBackOnceManyConnectionsOfEachKindHaveEnded() throws Exception {
        server = TestServers.start("buffer-budget.conf");
        List<RawClient> clients = new ArrayList<>();
        try {
            // unfinished messages
            for (int i = 0; i < 8; i++) {
                clients.add(new RawClient(server.port()).send(Packets.packet(PacketType.PRELOGIN, 0x00,
                        new byte[1000 + i])));
            }
            awaitHeld(8 * 1000 + 28);
            closeAll(clients);
            awaitHeld(0);

            // requests queued behind a gate
            GateFault.Gate requests = gate("{ type = gate, at = request }");
            for (int i = 0; i < 4; i++) {
                clients.add(loggedIn().send(batch()).send(Packets.packet(PacketType.SQL_BATCH, 0x01,
                        batchPayload(10 + i))));
            }
            requests.waitingAtLeast(4).get(20, TimeUnit.SECONDS);
            awaitHeld(4 * 22 + 2 * (4 * 10 + 6));
            closeAll(clients);
            awaitHeld(0);
            server.faults().clear();

            // TLS bytes kept while the ServerHello is held (TDS 8.0: TLS first)
            GateFault.Gate hellos = gate("{ type = gate, at = tls-hello }");
            byte[] hello = clientHello();
            for (int i = 0; i < 4; i++) {
                clients.add(new RawClient(server.port()).send(hello).send(new byte[500]));
            }
            hellos.waitingAtLeast(4).get(20, TimeUnit.SECONDS);
            awaitHeld(4 * (hello.length + 500L));
            closeAll(clients);
            awaitHeld(0);
            server.faults().clear();
        } finally {
            closeAll(clients);
        }
        awaitHeld(0);
    }

    @Test
    void bytesKeptWhileWaitingToBeAcceptedGoBackWhenTheClientsLeaveOrAreServed() throws Exception {
        server = TestServers.start("buffer-budget-backlog.conf");
        List<RawClient> clients = new ArrayList<>();
        try {
            // the backlog keeps 5: two leave while they wait, three are served
            for (int i = 0; i < 2; i++) {
                clients.add(new RawClient(server.port()).send(new byte[] {PacketType.PRELOGIN, 0, 0}));
            }
            awaitHeld(6);
            closeAll(clients);
            awaitHeld(0);
            Awaitility.await().atMost(WAIT).until(() -> server.journal().ended().size() == 2);

            for (int i = 0; i < 3; i++) {
                clients.add(new RawClient(server.port()).send(preLoginOf(1000)));
            }
            awaitHeld(3 * (1000 + 8));
            server.resumeAccepting();
            for (RawClient client : clients) {
                assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0], "the PRELOGIN answer");
            }
            awaitHeld(0);
        } finally {
            closeAll(clients);
        }
        awaitHeld(0);
    }

    @Test
    void aConnectionLeftToSilenceHoldsNothingThoughItStaysOpen() throws Exception {
        server = TestServers.start("buffer-budget.conf");
        GateFault.Gate gate = gate("{ type = gate, at = accept }");
        server.faults().add(FaultReader.read("{ type = close, at = accept, ending = silence }"));
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(new RawClient(server.port()).send(preLoginOf(1000)));
            }
            gate.waitingAtLeast(3).get(20, TimeUnit.SECONDS);
            awaitHeld(3 * (1000 + 8));
            gate.releaseAll();
            // the silence strips the pipeline down to the guard, which drops what the client still sends
            Awaitility.await().atMost(WAIT).until(() -> server.journal().records().stream()
                    .filter(r -> r.ending() != null && r.ending().kind() == Ending.Kind.SILENCE).count() == 3);
            awaitHeld(0);
            for (RawClient client : clients) {
                client.send(preLoginOf(1000));
                assertFalse(client.closedWithin(Duration.ofMillis(200)), "silence keeps the connection open");
            }
            assertEquals(0, server.bufferedBytes(), "what a silenced connection sends is not kept");
        } finally {
            closeAll(clients);
        }
        awaitHeld(0);
    }

    private GateFault.Gate gate(String fault) {
        InstalledFault installed = server.faults().add(FaultReader.read(fault));
        return (GateFault.Gate) installed.fault();
    }

    private void awaitHeld(long bytes) {
        Awaitility.await().atMost(WAIT).until(() -> server.bufferedBytes() == bytes);
    }

    private static void closeAll(List<RawClient> clients) throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        clients.clear();
    }

    /** The server may end the connection before all is sent: what the test is about. */
    private static void sendAsFarAsItGoes(RawClient client, byte[] bytes) {
        try {
            client.send(bytes);
        } catch (IOException endedWhileSending) {
            // ended part way
        }
    }

    private RawClient loggedIn() throws IOException {
        RawClient client = new RawClient(server.port());
        client.send(Packets.preLogin(Encryption.NOT_SUP));
        assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0]);
        client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().build()));
        assertEquals(PacketType.TABULAR_RESULT, readMessage(client)[0]);
        return client;
    }

    /** Reads packets up to the one with end-of-message; returns the first. */
    private static byte[] readMessage(RawClient client) throws IOException {
        byte[] first = client.readPacket();
        byte[] last = first;
        while ((last[1] & 0x01) == 0) {
            last = client.readPacket();
        }
        return first;
    }

    /** {@link #BATCH} as packets of at most 4096 bytes, as a client with the default packet size sends it. */
    private static byte[] batch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < BATCH.length; at += 4088) {
            int end = Math.min(BATCH.length, at + 4088);
            out.writeBytes(Packets.packet(PacketType.SQL_BATCH, end == BATCH.length ? 0x01 : 0x00,
                    Arrays.copyOfRange(BATCH, at, end)));
        }
        return out.toByteArray();
    }

    /** ALL_HEADERS (a transaction descriptor) and "SELECT 1" followed by {@code blanks - 8} blanks, UTF-16LE. */
    private static byte[] batchPayload(int chars) {
        byte[] text = ("SELECT 1" + " ".repeat(Math.max(0, chars - 8))).getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer payload = ByteBuffer.allocate(22 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        payload.putInt(22).putInt(18).putShort((short) 2).putLong(0).putInt(1).put(text);
        return payload.array();
    }

    /** mssql-jdbc's PRELOGIN payload followed by zeros up to {@code size} bytes, in packets of 20,000 bytes. */
    private static byte[] preLoginOf(int size) {
        byte[] captured = Packets.preLogin(Encryption.NOT_SUP);
        byte[] payload = Arrays.copyOf(Arrays.copyOfRange(captured, 8, captured.length), size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < size; at += 20_000) {
            int end = Math.min(size, at + 20_000);
            out.writeBytes(Packets.packet(PacketType.PRELOGIN, end == size ? 0x01 : 0x00,
                    Arrays.copyOfRange(payload, at, end)));
        }
        return out.toByteArray();
    }

    /** A TLS 1.2 ClientHello as the JDK's client sends it, one record. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 1433);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    private ConnectionRecord endedWith(String reason) {
        return Awaitility.await().atMost(WAIT).until(
                () -> server.journal().ended().stream()
                        .filter(r -> r.ending() != null && r.ending().reason().contains(reason)).findFirst()
                        .orElse(null),
                found -> found != null);
    }
}
