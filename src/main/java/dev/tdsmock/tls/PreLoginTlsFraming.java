package dev.tdsmock.tls;

import dev.tdsmock.wire.EarlyAttentionException;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.CoalescingBufferQueue;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.SocketAddress;
import java.util.List;

/**
 * TDS 7.x carries the TLS handshake inside PRELOGIN (0x12) packets. Sitting on the socket side of the TLS
 * engine, this handler takes the packet headers off what the client sends and puts them on what the engine
 * writes. Once the server's side of the handshake is done, both directions carry raw TLS and it removes
 * itself ({@link #handshakeDone}).
 */
public final class PreLoginTlsFraming extends ByteToMessageDecoder implements ChannelOutboundHandler {
    private static final int TLS_CHANGE_CIPHER_SPEC = 0x14;
    private static final int TLS_APPLICATION_DATA = 0x17;
    private CoalescingBufferQueue pending;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int first = in.getUnsignedByte(in.readerIndex());
            if (first >= TLS_CHANGE_CIPHER_SPEC && first <= TLS_APPLICATION_DATA) {
                // Raw TLS already: the client considers the handshake over.
                ctx.pipeline().remove(this);
                return;
            }
            if (in.readableBytes() < PacketHeader.SIZE) {
                return;
            }
            PacketHeader header = PacketHeader.peek(in);
            if (header.type() == PacketType.ATTENTION) {
                throw new EarlyAttentionException();
            }
            if (header.type() != PacketType.PRELOGIN) {
                throw new MalformedTdsException(String.format(
                        "expected a PRELOGIN packet carrying the TLS handshake, got packet type 0x%02X", header.type()));
            }
            if (header.length() <= PacketHeader.SIZE || header.length() > PacketHeader.MAX_PACKET_SIZE) {
                throw new MalformedTdsException("PRELOGIN packet carrying TLS has length " + header.length());
            }
            if (in.readableBytes() < header.length()) {
                return;
            }
            in.skipBytes(PacketHeader.SIZE);
            out.add(in.readRetainedSlice(header.payloadLength()));
        }
    }

    /** Called when the TLS engine has written its last handshake message: from here on TLS goes raw. */
    public static void handshakeDone(ChannelHandlerContext anyCtx) {
        PreLoginTlsFraming framing = anyCtx.pipeline().get(PreLoginTlsFraming.class);
        if (framing != null) {
            anyCtx.pipeline().remove(framing);
        }
    }

    /**
     * Holds what the engine writes until it flushes: one flight of handshake records goes out as one
     * PRELOGIN message, end-of-message on its last packet only, as drivers count messages.
     */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf tls)) {
            ctx.write(msg, promise);
            return;
        }
        if (pending == null) {
            pending = new CoalescingBufferQueue(ctx.channel());
        }
        pending.add(tls, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writePending(ctx);
        ctx.flush();
    }

    private void writePending(ChannelHandlerContext ctx) {
        if (pending == null || pending.isEmpty()) {
            return;
        }
        ChannelPromise written = ctx.newPromise();
        ByteBuf flight = pending.remove(pending.readableBytes(), written);
        ctx.write(frame(ctx, flight), written);
    }

    private static ByteBuf frame(ChannelHandlerContext ctx, ByteBuf flight) {
        return frame(ctx.alloc(), flight);
    }

    /**
     * TLS bytes in PRELOGIN (0x12) packets of at most the initial packet size (4096 bytes), end-of-message on the
     * last (MS-TDS 3.2.5.2, 3.3.5.2); {@code flight} is released.
     */
    public static ByteBuf frame(io.netty.buffer.ByteBufAllocator alloc, ByteBuf flight) {
        int maxPayload = TdsMessageEncoder.INITIAL_PACKET_SIZE - PacketHeader.SIZE;
        ByteBuf framed = alloc.buffer(flight.readableBytes() + PacketHeader.SIZE
                * (1 + flight.readableBytes() / maxPayload));
        int packetId = 1;
        do {
            int chunk = Math.min(maxPayload, flight.readableBytes());
            boolean last = chunk == flight.readableBytes();
            PacketHeader.write(framed, PacketType.PRELOGIN, last ? PacketHeader.STATUS_EOM : 0,
                    PacketHeader.SIZE + chunk, 0, packetId++ & 0xFF);
            framed.writeBytes(flight, chunk);
        } while (flight.isReadable());
        flight.release();
        return framed;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        // Anything the engine wrote before the handshake ended still belongs to it: send it framed (which empties
        // the queue, so that nothing is left to release).
        if (pending != null && !pending.isEmpty()) {
            writePending(ctx);
            ctx.flush();
        }
    }

    @Override
    public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
        ctx.bind(localAddress, promise);
    }

    @Override
    public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local, ChannelPromise promise) {
        ctx.connect(remote, local, promise);
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.close(promise);
    }

    @Override
    public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.deregister(promise);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        ctx.read();
    }

}
