package dev.tdsmock.proxy;

import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.tls.PreLoginTlsFraming;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The client's side of TDS 7.x TLS (MS-TDS 3.2.5.2): during the handshake, each TLS write goes out in PRELOGIN
 * (0x12) packets, end-of-message on the last, and the server's PRELOGIN packets are unwrapped into TLS bytes. It is
 * removed when the handshake completes; from there on TLS goes raw both ways. Sits on the socket side of the
 * {@link io.netty.handler.ssl.SslHandler}.
 */
final class PreLoginTlsWrapping extends CombinedChannelDuplexHandler<PreLoginTlsWrapping.Unwrap,
        PreLoginTlsWrapping.Wrap> {
    private static final int TLS_CHANGE_CIPHER_SPEC = 0x14;
    private static final int TLS_APPLICATION_DATA = 0x17;

    PreLoginTlsWrapping() {
        super(new Unwrap(), new Wrap());
    }

    /** The server's PRELOGIN packets to TLS bytes; raw TLS passes (a server done with its part of the handshake). */
    static final class Unwrap extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            while (in.isReadable()) {
                int first = in.getUnsignedByte(in.readerIndex());
                if (first >= TLS_CHANGE_CIPHER_SPEC && first <= TLS_APPLICATION_DATA) {
                    out.add(in.readRetainedSlice(in.readableBytes()));
                    return;
                }
                if (in.readableBytes() < PacketHeader.SIZE) {
                    return;
                }
                PacketHeader header = PacketHeader.peek(in);
                if (header.type() != PacketType.PRELOGIN || header.length() <= PacketHeader.SIZE) {
                    throw new MalformedTdsException(String.format("the upstream answered the TLS handshake with a "
                            + "packet of type 0x%02X and length %d, not PRELOGIN carrying TLS", header.type(),
                            header.length()));
                }
                if (in.readableBytes() < header.length()) {
                    return;
                }
                in.skipBytes(PacketHeader.SIZE);
                out.add(in.readRetainedSlice(header.payloadLength()));
            }
        }
    }

    /** Each TLS write in PRELOGIN packets of at most the initial packet size. */
    static final class Wrap extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf tls) || !tls.isReadable()) {
                ctx.write(msg, promise);
                return;
            }
            ctx.write(PreLoginTlsFraming.frame(ctx.alloc(), tls), promise);
        }
    }
}
