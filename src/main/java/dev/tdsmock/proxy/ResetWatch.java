package dev.tdsmock.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.Locale;

/**
 * First on the upstream's pipeline, where the socket's errors arrive before TLS (which drops a reset as an ordinary
 * close): remembers whether the upstream reset the connection, so that the client's side can end the same way.
 */
final class ResetWatch extends ChannelInboundHandlerAdapter {
    static final String NAME = "upstream-reset-watch";
    private String reset;

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (reset == null && cause instanceof IOException && String.valueOf(cause.getMessage())
                .toLowerCase(Locale.ROOT).contains("reset")) {
            reset = cause.getMessage();
        }
        ctx.fireExceptionCaught(cause);
    }

    /** The socket's error when the upstream reset the connection (ECONNRESET), or null. */
    String reset() {
        return reset;
    }
}
