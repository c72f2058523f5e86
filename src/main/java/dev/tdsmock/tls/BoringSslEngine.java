package dev.tdsmock.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import javax.net.ssl.SSLSession;

/** Netty's SslHandler over BoringSSL (or the JDK where netty-tcnative cannot load). */
final class BoringSslEngine implements ServerTlsEngine {
    private final SslHandler handler;

    BoringSslEngine(SslHandler handler) {
        this.handler = handler;
        // SslHandler gives up after 10 s of its own; tls.handshake-timeout is the only limit on a handshake
        handler.setHandshakeTimeoutMillis(0);
    }

    @Override
    public ChannelHandler handler() {
        return handler;
    }

    @Override
    public Future<Channel> handshakeFuture() {
        return handler.handshakeFuture();
    }

    @Override
    public String negotiated() {
        SSLSession session = handler.engine().getSession();
        String alpn = handler.applicationProtocol();
        return session.getProtocol() + " " + session.getCipherSuite() + (alpn == null ? "" : " ALPN " + alpn);
    }
}
