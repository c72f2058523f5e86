package dev.tdsmock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tdsmock.support.Packets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class PreLoginTlsFramingTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new PreLoginTlsFraming());

    @Test
    void takesThePacketHeadersOffTheClientsHandshake() {
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x12, 0x00, new byte[] {0x16, 0x03})));
        channel.writeInbound(Unpooled.wrappedBuffer(Packets.packet(0x12, 0x01, new byte[] {0x01})));
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03}), channel.readInbound());
        assertEquals(Unpooled.wrappedBuffer(new byte[] {0x01}), channel.readInbound());
    }

    @Test
    void stepsAsideWhenTheClientSendsRawTls() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x17, 0x03, 0x03, 0x00, 0x01, 0x00}));
        ByteBuf passed = channel.readInbound();
        assertEquals(0x17, passed.getByte(0));
        assertNull(channel.pipeline().get(PreLoginTlsFraming.class));
        passed.release();
    }

    @Test
    void oneFlightIsOneMessageEndingWithEndOfMessage() {
        channel.write(Unpooled.wrappedBuffer(new byte[3000]));
        channel.write(Unpooled.wrappedBuffer(new byte[3000]));
        channel.flush();
        ByteBuf framed = channel.readOutbound();
        assertNull(channel.readOutbound(), "one buffer for the whole flight");
        assertEquals(6000 + 16, framed.readableBytes());
        assertEquals(0x12, framed.getByte(0));
        assertEquals(0x00, framed.getByte(1), "first packet: more to come");
        assertEquals(4096, framed.getUnsignedShort(2));
        assertEquals(0x12, framed.getByte(4096));
        assertEquals(0x01, framed.getByte(4097), "last packet: end of message");
        assertEquals(6000 - 4088 + 8, framed.getUnsignedShort(4098));
        framed.release();
    }
}
