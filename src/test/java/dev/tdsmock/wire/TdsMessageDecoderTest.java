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

class TdsMessageDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new TdsMessageDecoder(64 * 1024),
            new TdsMessageEncoder(51));

    /** Closing the channel removes the decoder, which releases an unfinished message, as a closed connection does. */
    @AfterEach
    void close() {
        channel.pipeline().removeFirst();
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
