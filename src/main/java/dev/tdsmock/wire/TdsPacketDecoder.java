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
 * one packet, claimed from the listener's {@link BufferBudget} while it waits for the rest of its bytes (and
 * given back before a whole packet is handed on, or as the connection ends); a claim the budget has no room
 * for is a {@link MalformedTdsException} too.
 */
public final class TdsPacketDecoder extends LengthFieldBasedFrameDecoder {
    private static final int LENGTH_OFFSET = 2;
    private static final int LENGTH_SIZE = 2;

    private final BufferBudget.Hold budget;

    /** A decoder whose partial packets are counted against a budget of their own, without a limit that matters. */
    public TdsPacketDecoder() {
        this(new BufferBudget(Long.MAX_VALUE / 2).share());
    }

    /** @param share the connection's share of the listener's budget, which a partial packet is claimed from */
    public TdsPacketDecoder(BufferBudget.Share share) {
        // the length counts the 4 bytes up to and including itself: adjust by -4; keep the header in the frame
        super(ByteOrder.BIG_ENDIAN, PacketHeader.MAX_PACKET_SIZE, LENGTH_OFFSET, LENGTH_SIZE,
                -(LENGTH_OFFSET + LENGTH_SIZE), 0, true);
        this.budget = share.hold("a packet not yet whole");
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
        // what was kept is either handed on now as a whole packet (claimed by the aggregator) or kept again
        budget.releaseAll();
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            if (ctx.channel().isActive()) {
                budget.claim(in.readableBytes(), () -> " of a packet not yet whole");
            }
            return null;
        }
        PacketHeader header = PacketHeader.peek(frame);
        return new TdsPacket(header, frame.skipBytes(PacketHeader.SIZE));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            budget.releaseAll();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        budget.releaseAll();
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
