package dev.tdsmock.proxy;

import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** The upstream's bytes as whole TDS packets (MS-TDS 2.2.3), header included; a length below the header's is refused. */
final class UpstreamPackets extends LengthFieldBasedFrameDecoder {
    UpstreamPackets() {
        // Length: bytes 2-3 of the header, big-endian, counting the header itself
        super(PacketHeader.MAX_PACKET_SIZE, 2, 2, -4, 0);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (in.readableBytes() >= 4 && in.getUnsignedShort(in.readerIndex() + 2) < PacketHeader.SIZE) {
            throw new MalformedTdsException("the upstream sent a packet of length "
                    + in.getUnsignedShort(in.readerIndex() + 2) + ", shorter than its header");
        }
        return super.decode(ctx, in);
    }
}
