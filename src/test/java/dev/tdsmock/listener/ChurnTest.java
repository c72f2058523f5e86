package dev.tdsmock.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection churn per client address, as the KB on pooling-off clients asks to watch. */
@Timeout(120)
class ChurnTest {
    private static ChurnCounters.Snapshot awaitClosed(TdsServer server, int closed) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                () -> server.churn().of("127.0.0.1").orElse(null),
                snapshot -> snapshot != null && snapshot.closed() == closed);
    }

    @Test
    void twoHundredConnectionsOpenedAndClosedByTheClient() throws IOException {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("churn-client-closes.conf")) {
            for (int i = 0; i < 200; i++) {
                try (RawClient client = new RawClient(server.port())) {
                    client.send(Packets.preLogin(Encryption.NOT_SUP));
                    assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0]);
                }
            }
            ChurnCounters.Snapshot churn = awaitClosed(server, 200);
            assertEquals(200, churn.opened());
            assertEquals(200, churn.closedFirstByClient());
            assertEquals(0, churn.closedFirstByServer());
            assertEquals(200, churn.openedLastMinute());
            assertEquals(200, churn.closedLastMinute());
            // The test opens them far faster than 120 a minute: one warning for this address and minute.
            log.awaitLine("WARN", "127.0.0.1 opened more than 120 connections within a minute");
            assertTrue(log.count("opened more than 120 connections") <= 2, "at most once per minute");
        }
    }

    @Test
    void theServerClosesFirstAfterTheFirstQueryAnswer() throws IOException {
        byte[] batch = "SELECT 1".getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        java.nio.ByteBuffer request = java.nio.ByteBuffer.allocate(22 + batch.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        request.putInt(22).putInt(18).putShort((short) 2).putLong(0).putInt(1).put(batch);
        try (TdsServer server = TestServers.start("churn-after-query.conf");
             RawClient client = new RawClient(server.port())) {
            client.send(Packets.preLogin(Encryption.NOT_SUP));
            client.readPacket();
            client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().build()));
            client.readPacket();
            client.send(Packets.packet(PacketType.SQL_BATCH, 0x01, request.array()));
            assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0], "the query is answered");
            assertTrue(client.closedByServer(), "then the server closes");
            assertEquals(1, awaitClosed(server, 1).closedFirstByServer());
        }
    }

    @Test
    void theServerClosesFirstAfterTheLoginAnswer() throws IOException {
        try (TdsServer server = TestServers.start("churn")) {
            for (int i = 0; i < 20; i++) {
                try (RawClient client = new RawClient(server.port())) {
                    client.send(Packets.preLogin(Encryption.NOT_SUP));
                    client.readPacket();
                    client.send(Packets.packet(PacketType.LOGIN7, 0x01, new Login7Builder().build()));
                    assertEquals(PacketType.TABULAR_RESULT, client.readPacket()[0]);
                    assertTrue(client.closedByServer(), "the server closes after LOGINACK");
                }
            }
            ChurnCounters.Snapshot churn = awaitClosed(server, 20);
            assertEquals(20, churn.opened());
            assertEquals(20, churn.closedFirstByServer());
            assertEquals(0, churn.closedFirstByClient());
        }
    }
}
