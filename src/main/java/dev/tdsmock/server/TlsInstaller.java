package dev.tdsmock.server;

import dev.tdsmock.tls.PreLoginTlsFraming;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/** Puts a TLS engine into a connection's pipeline and reports the handshake's result. */
final class TlsInstaller {
    static final String TLS = "tls";
    static final String FRAMING = "tls-framing";

    private TlsInstaller() {
    }

    /** TDS 8.0: TLS first on the socket, right after the router. */
    static void strict(ChannelHandlerContext ctx, String after) {
        Connection connection = Connection.of(ctx.channel());
        SslHandler tls = newHandler(ctx, connection.resources().tls().strict());
        ctx.pipeline().addAfter(after, TLS, tls);
        onHandshake(ctx, tls, false, "PRELOGIN (strict)");
    }

    /** TDS 7.x: TLS under the TDS codec, its handshake framed in PRELOGIN packets. */
    static void wrapped(ChannelHandlerContext ctx) {
        Connection connection = Connection.of(ctx.channel());
        SslHandler tls = newHandler(ctx, connection.resources().tls().wrapped());
        ctx.pipeline().addBefore(FirstBytesRouter.TDS_DECODER, TLS, tls);
        ctx.pipeline().addBefore(TLS, FRAMING, new PreLoginTlsFraming());
        connection.phase("TLS handshake");
        onHandshake(ctx, tls, true, "LOGIN7");
    }

    private static SslHandler newHandler(ChannelHandlerContext ctx, SslContext context) {
        SslHandler tls = context.newHandler(ctx.alloc());
        Connection connection = Connection.of(ctx.channel());
        tls.setHandshakeTimeout(connection.resources().scenario().tls().handshakeTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return tls;
    }

    private static void onHandshake(ChannelHandlerContext ctx, SslHandler tls, boolean framed, String nextPhase) {
        tls.handshakeFuture().addListener(done -> {
            if (!done.isSuccess()) {
                return; // the guard reports the failure when the connection closes
            }
            if (framed) {
                PreLoginTlsFraming.handshakeDone(ctx);
            }
            Connection connection = Connection.of(ctx.channel());
            SSLSession session = tls.engine().getSession();
            String alpn = tls.applicationProtocol();
            Logs.CONNECTION.info("{} TLS established: {} {}{}", connection.tag(), session.getProtocol(),
                    session.getCipherSuite(), alpn == null ? "" : " ALPN " + alpn);
            connection.record().tls(session.getProtocol() + " " + session.getCipherSuite()
                    + (alpn == null ? "" : " ALPN " + alpn));
            connection.phase(nextPhase);
        });
    }
}
