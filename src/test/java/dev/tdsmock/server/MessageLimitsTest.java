package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What clients can make the server hold is bounded per message, empty packets included, and for the whole
 * listener; the client over a limit is the one that ends, as bad input, and the others carry on.
 */
@Timeout(60)
class MessageLimitsTest {
    private TdsServer server;

    @BeforeEach
    void start() {
        server = TestServers.start("buffer-budget.conf");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void emptyPacketsCountTowardThePacketLimit() throws IOException {
        byte[] empty = Packets.packet(PacketType.PRELOGIN, 0x00, new byte[0]);
        byte[] thousand = new byte[1000 * empty.length];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(empty, 0, thousand, i * empty.length, empty.length);
        }
        try (RawClient client = new RawClient(server.port())) {
            try {
                for (int sent = 0; sent < 100_000; sent += 1000) {
                    client.send(thousand);
                }
            } catch (IOException endedWhileSending) {
                // the server ended the connection part way: what the test is about
            }
            assertTrue(client.closedByServer(), "the server ends the connection");
        }
        ConnectionRecord record = endedWith("PRELOGIN message has more than 16384 packets");
        assertEquals(Ending.Side.SERVER, record.ending().by());
        assertEquals(Ending.Kind.FIN, record.ending().kind());
        assertTrue(record.ending().reason().startsWith("bad input during first-bytes: "), record.ending().reason());
        assertEquals(0, server.bufferedBytes(), "an empty packet holds nothing");
    }

    @Test
    void theConnectionThatWouldPassTheListenersBudgetEndsAndTheOthersAreAnswered() throws IOException {
        // 100 KiB for the listener: two connections hold 40,000 bytes each, the third passes it with its second packet
        byte[] message = preLoginOf(60_000);
        try (RawClient first = new RawClient(server.port()); RawClient second = new RawClient(server.port());
             RawClient third = new RawClient(server.port())) {
            first.send(packets(message, 0, 40_000));
            second.send(packets(message, 0, 40_000));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.bufferedBytes() == 80_000);
            third.send(packets(message, 0, 20_000));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.bufferedBytes() == 100_000);
            try {
                third.send(packets(message, 20_000, 40_000));
            } catch (IOException endedWhileSending) {
                // the server may have ended it already
            }
            assertTrue(third.closedByServer(), "the connection over the budget is ended");
            ConnectionRecord ended = endedWith("limits.max-buffered-bytes-per-listener = 102400 bytes");
            assertEquals(Ending.Side.SERVER, ended.ending().by());
            assertEquals(Ending.Kind.FIN, ended.ending().kind());
            assertTrue(ended.ending().reason().contains("20000 by this one"), ended.ending().reason());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.bufferedBytes() == 80_000);

            for (RawClient client : new RawClient[] {first, second}) {
                client.send(lastPacket(message, 40_000));
                byte[] answer = client.readPacket();
                assertEquals(PacketType.TABULAR_RESULT, answer[0], "the PRELOGIN answer");
            }
            assertEquals(0, server.bufferedBytes(), "whole messages leave the budget");
        }
    }

    /** mssql-jdbc's PRELOGIN payload followed by zeros up to {@code size} bytes: the option data is at the front. */
    private static byte[] preLoginOf(int size) {
        byte[] captured = Packets.preLogin(Encryption.OFF);
        byte[] payload = Arrays.copyOfRange(captured, 8, captured.length);
        return Arrays.copyOf(payload, size);
    }

    /** Bytes {@code from} to {@code to} of the message as packets of 20,000 bytes without the end-of-message bit. */
    private static byte[] packets(byte[] message, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = from; at < to; at += 20_000) {
            out.writeBytes(Packets.packet(PacketType.PRELOGIN, 0x00, Arrays.copyOfRange(message, at, Math.min(to, at + 20_000))));
        }
        return out.toByteArray();
    }

    private static byte[] lastPacket(byte[] message, int from) {
        return Packets.packet(PacketType.PRELOGIN, 0x01, Arrays.copyOfRange(message, from, message.length));
    }

    private ConnectionRecord endedWith(String reason) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> server.journal().ended().stream()
                        .filter(r -> r.ending() != null && r.ending().reason().contains(reason)).findFirst().orElse(null),
                found -> found != null);
    }
}
