package dev.tdsmock.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Messages into packets (MS-TDS 2.2.3.1): sizes, EOM on the last packet, RESETCONNECTION on the first only. */
@Timeout(10)
class TdsMessageEncoderTest {
    private static int status(ByteBuf packet) {
        return packet.getUnsignedByte(1);
    }

    @Test
    void aMessageThatResetsTheSessionSaysSoOnItsFirstPacketOnly() {
        TdsMessageEncoder encoder = new TdsMessageEncoder(0);
        encoder.packetSize(512);
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channel.writeOutbound(new TdsMessage(PacketType.SQL_BATCH, Unpooled.wrappedBuffer(new byte[1200]), true));
        ByteBuf first = channel.readOutbound();
        ByteBuf second = channel.readOutbound();
        ByteBuf third = channel.readOutbound();
        assertNull(channel.readOutbound());
        assertEquals(PacketHeader.STATUS_RESET_CONNECTION, status(first));
        assertEquals(0, status(second));
        assertEquals(PacketHeader.STATUS_EOM, status(third));
        assertEquals(512, first.readableBytes());
        assertEquals(8 + 1200 - 2 * 504, third.readableBytes());
        first.release();
        second.release();
        third.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void aMessageWithoutTheFlagHasNone() {
        EmbeddedChannel channel = new EmbeddedChannel(new TdsMessageEncoder(0));
        channel.writeOutbound(new TdsMessage(PacketType.SQL_BATCH, Unpooled.wrappedBuffer(new byte[10])));
        ByteBuf only = channel.readOutbound();
        assertEquals(PacketHeader.STATUS_EOM, status(only));
        only.release();
        channel.finishAndReleaseAll();
    }
}
