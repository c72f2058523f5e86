package dev.tdsmock.server;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Last in every pipeline: turns whatever went wrong into one log line and a closed connection, so that
 * nothing a client does reaches the listener or any other connection.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private String ending;
    private boolean problem;

    /** Records why the server is about to end the connection; the first reason wins. */
    static void ending(ChannelHandlerContext ctx, String reason, boolean problem) {
        ConnectionGuard guard = ctx.pipeline().get(ConnectionGuard.class);
        if (guard != null && guard.ending == null) {
            guard.ending = reason;
            guard.problem = problem;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Connection connection = Connection.of(ctx.channel());
        ending(ctx, describe(cause, connection), !(cause instanceof IOException));
        ctx.close();
    }

    private static String describe(Throwable cause, Connection connection) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof MalformedTdsException) {
            return "bad input during " + connection.phase() + ": " + root.getMessage();
        }
        if (root instanceof SSLException) {
            return "TLS failed during " + connection.phase() + ": " + root.getMessage();
        }
        if (root instanceof IOException) {
            return "client connection broke during " + connection.phase() + ": " + root.getMessage();
        }
        Logs.CONNECTION.error("{} server error during {}", connection.tag(), connection.phase(), root);
        return "server error during " + connection.phase() + ": " + root;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        Connection connection = Connection.of(ctx.channel());
        if (event instanceof IdleStateEvent) {
            ending(ctx, "idle timeout: the client sent nothing during " + connection.phase(), true);
            ctx.close();
        } else if (event instanceof SslHandshakeCompletionEvent completion && !completion.isSuccess()
                && !(completion.cause() instanceof ClosedChannelException)) {
            ending(ctx, "TLS handshake failed: " + completion.cause(), true);
            ctx.close();
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Connection connection = Connection.of(ctx.channel());
        Logs.CONNECTION.debug("{} dropped {} that no handler took", connection.tag(), msg);
        ReferenceCountUtil.release(msg);
    }

    /** A client that sends requests without reading the answers is not read from until it catches up. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Connection connection = Connection.of(ctx.channel());
        if (ending == null) {
            Logs.CONNECTION.info("{} closed by the client during {}", connection.tag(), connection.phase());
        } else if (problem) {
            Logs.CONNECTION.warn("{} closed: {}", connection.tag(), ending);
        } else {
            Logs.CONNECTION.info("{} closed: {}", connection.tag(), ending);
        }
        ctx.fireChannelInactive();
    }
}
