package dev.tdsmock.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/** A fatal TLS alert record sent in the clear, before any ServerHello (RFC 5246 7.2, RFC 8446 6). */
final class TlsAlerts {
    static final int HANDSHAKE_FAILURE = 40;
    private static final int ALERT = 21;
    private static final int FATAL = 2;

    private TlsAlerts() {
    }

    /**
     * @param below a context under the TLS engine (the ClientHello inspector's), so that the record goes out as
     *              it is, in PRELOGIN packets where the handshake travels in them
     * @param recordVersion the record-layer version of the client's ClientHello
     */
    static ChannelFuture fatal(ChannelHandlerContext below, int recordVersion, int description) {
        ByteBuf alert = below.alloc().buffer(7);
        alert.writeByte(ALERT).writeShort(recordVersion).writeShort(2).writeByte(FATAL).writeByte(description);
        return below.writeAndFlush(alert);
    }
}
