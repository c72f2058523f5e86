package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Cuts a client's byte stream into TDS packets (MS-TDS 2.2.3.1): an 8-byte header whose Length, a 2-byte
 * big-endian field at offset 2, counts the whole packet, header included (8 to 32767 bytes). Emits
 * {@link TdsPacket}s. The header is checked as soon as its type and length have arrived: a type no client sends
 * or a length outside 8..32767 is a {@link MalformedTdsException}. So what one connection holds here is at most
 * one packet.
 */
public final class TdsPacketDecoder extends LengthFieldBasedFrameDecoder {
    private static final int LENGTH_OFFSET = 2;
    private static final int LENGTH_SIZE = 2;

    public TdsPacketDecoder() {
        // the length counts the 4 bytes up to and including itself: adjust by -4; keep the header in the frame
        super(ByteOrder.BIG_ENDIAN, PacketHeader.MAX_PACKET_SIZE, LENGTH_OFFSET, LENGTH_SIZE,
                -(LENGTH_OFFSET + LENGTH_SIZE), 0, true);
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        int type = buf.getUnsignedByte(offset - LENGTH_OFFSET);
        if (!PacketType.isClientType(type)) {
            throw new MalformedTdsException(String.format("packet type 0x%02X is not one a client sends", type));
        }
        int packetLength = buf.getUnsignedShort(offset);
        if (packetLength < PacketHeader.SIZE || packetLength > PacketHeader.MAX_PACKET_SIZE) {
            throw new MalformedTdsException("packet length " + packetLength + " is outside " + PacketHeader.SIZE
                    + ".." + PacketHeader.MAX_PACKET_SIZE);
        }
        return packetLength;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        PacketHeader header = PacketHeader.peek(frame);
        return new TdsPacket(header, frame.skipBytes(PacketHeader.SIZE));
    }

    /** The connection ended: bytes left over mean the client stopped in the middle of a packet. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        super.decodeLast(ctx, in, out);
        if (in.isReadable()) {
            int arrived = in.readableBytes();
            String expected = arrived >= LENGTH_OFFSET + LENGTH_SIZE
                    ? " of " + in.getUnsignedShort(in.readerIndex() + LENGTH_OFFSET) : "";
            in.skipBytes(arrived);
            // Reported before the connection's end is, so the guard can name the cause.
            ctx.fireExceptionCaught(new MalformedTdsException("connection ended inside a packet: " + arrived
                    + expected + " bytes arrived"));
        }
    }
}
