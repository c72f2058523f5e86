package dev.tdsmock.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;

/** One connection's TLS engine, whichever library runs it: its Netty handler and what it negotiated. */
public interface ServerTlsEngine {
    ChannelHandler handler();

    Future<Channel> handshakeFuture();

    /** e.g. "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ALPN tds/8.0", once the handshake is done. */
    String negotiated();

    /** Why a failed handshake failed, in the words the log and journal use. */
    default String describeFailure(Throwable cause) {
        return String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
    }

    /** The scenario's fault that made the handshake fail, when one did. */
    default java.util.Optional<String> faultBehindFailure() {
        return java.util.Optional.empty();
    }
}
