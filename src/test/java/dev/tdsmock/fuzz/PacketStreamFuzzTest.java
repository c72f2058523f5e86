package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.BufferBudget;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TdsMessageAggregator;
import dev.tdsmock.wire.TdsPacketDecoder;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The packet layer (TdsPacketDecoder, TdsMessageAggregator): whole packet streams, mutated; and messages rejoined. */
@Timeout(120)
class PacketStreamFuzzTest {
    @Test
    void mutatedStreamsDecodeOrAreRefused() {
        assertTrue(Fuzz.mutants(Targets.PACKETS, Seeds.packetStreams(), Fuzz::packetLength) > Fuzz.tries());
    }

    /** A message in packets of any size, sent in pieces of any size, comes out whole and as it was. */
    @Test
    void messagesSplitIntoPacketsComeOutWhole() {
        record Split(int type, byte[] message, int packetPayload, int piece) {
            @Override
            public String toString() {
                return "type " + type + ", " + message.length + " bytes in packets of " + packetPayload
                        + ", sent " + piece + " at a time";
            }
        }
        int[] types = {PacketType.SQL_BATCH, PacketType.RPC, PacketType.LOGIN7, PacketType.PRELOGIN};
        Fuzz.forAll("packets rejoined", random -> {
            byte[] message = new byte[random.nextInt(8000)];
            random.nextBytes(message);
            int packetPayload = Math.max(1 + message.length / 90, 1 + random.nextInt(4088));
            return new Split(types[random.nextInt(types.length)], message, packetPayload, 1 + random.nextInt(600));
        }, split -> {
            byte[] stream = Seeds.split(split.type(), split.message(), split.packetPayload());
            EmbeddedChannel channel = new EmbeddedChannel(new TdsPacketDecoder(),
                    new TdsMessageAggregator(64 * 1024, 100, new BufferBudget(1 << 20)));
            try {
                for (int at = 0; at < stream.length; at += split.piece()) {
                    channel.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(split.piece(),
                            stream.length - at)));
                }
                TdsMessage message = channel.readInbound();
                try {
                    assertEquals(split.type(), message.type());
                    assertArrayEquals(split.message(), ByteBufUtil.getBytes(message.payload()));
                } finally {
                    message.release();
                }
                assertNull(channel.readInbound());
            } finally {
                Targets.releaseAll(channel);
            }
        });
    }
}
