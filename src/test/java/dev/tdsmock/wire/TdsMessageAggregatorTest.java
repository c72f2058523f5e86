package dev.tdsmock.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.Packets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Packets cut from the byte stream and joined into messages, as the connection pipeline does it. */
class TdsMessageAggregatorTest {
    private final BufferBudget budget = new BufferBudget(1024 * 1024);
    private final EmbeddedChannel channel = new EmbeddedChannel(new TdsPacketDecoder(),
            new TdsMessageAggregator(64 * 1024, 4, budget), new TdsMessageEncoder(51));

    /** Removing the handlers releases an unfinished message, as a closed connection does. */
    @AfterEach
    void close() {
        if (channel.pipeline().get(TdsMessageAggregator.class) != null) {
            channel.pipeline().remove(TdsMessageAggregator.class);
        }
        channel.releaseInbound();
        channel.close();
    }

    @Test
    void joinsPacketsUpToTheEndOfMessage() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[] {1, 2})));
        assertNull(channel.readInbound());
        byte[] last = Packets.packet(0x01, 0x01, new byte[] {3});
        // The last packet arrives in two pieces.
        channel.writeInbound(Unpooled.wrappedBuffer(last, 0, 5));
        channel.writeInbound(Unpooled.wrappedBuffer(last, 5, last.length - 5));
        TdsMessage message = channel.readInbound();
        assertEquals(PacketType.SQL_BATCH, message.type());
        assertEquals(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), message.payload());
        message.release();
    }

    @Test
    void theResetConnectionBitIsKept() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x09, new byte[] {1})));
        TdsMessage message = channel.readInbound();
        assertTrue(message.resetConnection());
        message.release();
    }

    @Test
    void anAttentionInterruptsAnUnfinishedMessage() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x03, 0x00, new byte[] {1, 2})));
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x06, 0x01, new byte[0])));
        TdsMessage message = channel.readInbound();
        assertEquals(PacketType.ATTENTION, message.type());
        message.release();
    }

    @Test
    void aServerPacketTypeFromTheClientIsRejected() {
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x04, 0x01, new byte[1]))));
        assertTrue(e.getCause().getMessage().contains("0x04 is not one a client sends"));
    }

    @Test
    void aPacketOfAnotherTypeInsideAMessageIsRejected() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[] {1})));
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x03, 0x01, new byte[] {1}))));
        assertTrue(e.getCause().getMessage().contains("inside an unfinished SQLBatch message"));
    }

    @Test
    void emptyPacketsCountTowardThePacketLimit() {
        for (int i = 0; i < 4; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[0])));
        }
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[0]))));
        assertEquals("SQLBatch message has more than 4 packets (limits.max-packets-per-message), empty ones included",
                e.getCause().getMessage());
    }

    @Test
    void aMessageOfAsManyPacketsAsTheLimitPasses() {
        for (int i = 0; i < 3; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[] {(byte) i})));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x01, new byte[0])));
        TdsMessage message = channel.readInbound();
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0, 1, 2}), message.payload());
        message.release();
    }

    @Test
    void aMessageOverTheByteLimitIsRejected() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x12, 0x00, new byte[30_000])));
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x12, 0x00, new byte[30_000])));
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x12, 0x00, new byte[30_000]))));
        assertEquals("PRELOGIN message is larger than the limit of 65536 bytes", e.getCause().getMessage());
        channel.close();
        assertEquals(0, budget.held(), "what the connection held goes back when it ends");
    }

    @Test
    void theBudgetIsSharedAndTheConnectionThatWouldPassItIsRefused() {
        BufferBudget small = new BufferBudget(50_000);
        EmbeddedChannel first = new EmbeddedChannel(new TdsPacketDecoder(), new TdsMessageAggregator(64 * 1024, 16, small));
        EmbeddedChannel second = new EmbeddedChannel(new TdsPacketDecoder(), new TdsMessageAggregator(64 * 1024, 16, small));
        first.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[30_000])));
        assertEquals(30_000, small.held());
        second.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[10_000])));
        DecoderException e = assertThrows(DecoderException.class,
                () -> second.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x00, new byte[20_000]))));
        assertEquals("the listener's buffer budget for client bytes (limits.max-buffered-bytes-per-listener = "
                + "50000 bytes, 40000 held by all connections, 10000 by this one) has no room for 20000 more bytes "
                + "of this connection's SQLBatch message (unfinished messages, which hold 10000 bytes)",
                e.getCause().getMessage());
        second.close();
        assertEquals(30_000, small.held(), "the refused connection's share went back as it ended");
        first.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x01, 0x01, new byte[15_000])));
        TdsMessage message = first.readInbound();
        assertEquals(45_000, message.payload().readableBytes());
        assertEquals(0, small.held(), "a whole message leaves the budget");
        message.release();
        first.close();
    }

    @Test
    void anAttentionGivesBackWhatTheUnfinishedMessageHeld() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x03, 0x00, new byte[1000])));
        assertEquals(1000, budget.held());
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x06, 0x01, new byte[0])));
        assertEquals(0, budget.held());
        TdsMessage attention = channel.readInbound();
        assertEquals(PacketType.ATTENTION, attention.type());
        attention.release();
    }

    @Test
    void theEncoderSplitsAtThePacketSize() {
        TdsMessageEncoder encoder = channel.pipeline().get(TdsMessageEncoder.class);
        encoder.packetSize(512);
        channel.writeOutbound(new TdsMessage(PacketType.TABULAR_RESULT, Unpooled.wrappedBuffer(new byte[1000])));
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        assertEquals(512, first.readableBytes());
        assertEquals(0x00, first.getByte(1), "no end-of-message on the first packet");
        assertEquals(51, first.getShort(4), "SPID");
        assertEquals(1, first.getByte(6), "packet id");
        assertEquals(8 + 1000 - 504, second.readableBytes());
        assertEquals(0x01, second.getByte(1), "end-of-message on the last packet");
        assertEquals(2, second.getByte(6));
        assertNull(channel.readOutbound());
        first.release();
        second.release();
    }
}
