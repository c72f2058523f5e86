package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into TDS packets and joins packets into messages at the end-of-message bit.
 * Everything a client can make it hold is bounded: one packet header says at most 32767 bytes, and a
 * message stops growing at {@code maxMessageBytes}.
 */
public final class TdsMessageDecoder extends ByteToMessageDecoder {
    private final int maxMessageBytes;
    private CompositeByteBuf partial;
    private int partialType;
    private boolean partialReset;

    public TdsMessageDecoder(int maxMessageBytes) {
        if (maxMessageBytes < PacketHeader.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("the message limit must hold at least one whole packet");
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= PacketHeader.SIZE) {
            PacketHeader header = PacketHeader.peek(in);
            check(header);
            if (in.readableBytes() < header.length()) {
                return;
            }
            in.skipBytes(PacketHeader.SIZE);
            ByteBuf payload = in.readRetainedSlice(header.payloadLength());
            TdsMessage message = append(ctx, header, payload);
            if (message != null) {
                out.add(message);
            }
        }
    }

    /** The connection ended: bytes left over mean the client stopped in the middle of a packet. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (in.isReadable()) {
            String expected = in.readableBytes() >= PacketHeader.SIZE
                    ? " of " + PacketHeader.peek(in).length() : "";
            int arrived = in.readableBytes();
            in.skipBytes(arrived);
            // Reported before the connection's end is, so the guard can name the cause.
            ctx.fireExceptionCaught(new MalformedTdsException("connection ended inside a packet: " + arrived
                    + expected + " bytes arrived"));
        }
    }

    private void check(PacketHeader header) {
        if (!PacketType.isClientType(header.type())) {
            throw new MalformedTdsException(String.format("packet type 0x%02X is not one a client sends", header.type()));
        }
        if (header.length() < PacketHeader.SIZE || header.length() > PacketHeader.MAX_PACKET_SIZE) {
            throw new MalformedTdsException("packet length " + header.length() + " is outside 8.."
                    + PacketHeader.MAX_PACKET_SIZE);
        }
        if (partial != null && header.type() != partialType && header.type() != PacketType.ATTENTION) {
            throw new MalformedTdsException(String.format("packet of type 0x%02X arrived inside an unfinished %s message",
                    header.type(), PacketType.name(partialType)));
        }
    }

    private TdsMessage append(ChannelHandlerContext ctx, PacketHeader header, ByteBuf payload) {
        if (header.type() == PacketType.ATTENTION) {
            // An attention may interrupt a request the client is still sending: drop the unfinished part.
            releasePartial();
            return new TdsMessage(PacketType.ATTENTION, payload);
        }
        if (partial == null) {
            if (header.endOfMessage()) {
                return new TdsMessage(header.type(), payload, resetBit(header));
            }
            partial = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
            partialType = header.type();
            partialReset = resetBit(header);
        }
        if (partial.readableBytes() + payload.readableBytes() > maxMessageBytes) {
            payload.release();
            throw tooLarge(partialType);
        }
        partial.addComponent(true, payload);
        if (!header.endOfMessage()) {
            return null;
        }
        TdsMessage message = new TdsMessage(partialType, partial, partialReset);
        partial = null;
        return message;
    }

    private static boolean resetBit(PacketHeader header) {
        return (header.status() & PacketHeader.STATUS_RESET_CONNECTION) != 0;
    }

    private MalformedTdsException tooLarge(int type) {
        return new MalformedTdsException(PacketType.name(type) + " message is larger than the limit of "
                + maxMessageBytes + " bytes");
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        releasePartial();
    }
}
