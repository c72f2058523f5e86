package dev.tdsmock.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;

/** One connection's TLS engine, whichever library runs it: its Netty handler and what it negotiated. */
public interface ServerTlsEngine {
    /**
     * The most application data one TLS record carries: the TDS 7.x default packet size (MS-TDS 2.2.6.4), as SQL
     * Server encrypts each packet on its own.
     */
    int MAX_RECORD_PLAINTEXT = 4096;

    ChannelHandler handler();

    Future<Channel> handshakeFuture();

    /** e.g. "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 ALPN tds/8.0", once the handshake is done. */
    String negotiated();

    /** Why a failed handshake failed, in the words the log and journal use. */
    default String describeFailure(Throwable cause) {
        return String.valueOf(cause.getMessage() == null ? cause : cause.getMessage());
    }

    /**
     * When the client ended the failed handshake with a fatal alert of its own (RFC 5246 7.2, RFC 8446 6): what it
     * refused, in the journal's words, e.g. "fatal alert protocol_version after the server's ServerHello (TLSv1
     * TLS_RSA_WITH_AES_128_CBC_SHA)"; empty when the server ended it or the client just closed.
     */
    default java.util.Optional<String> refusedByClient(Throwable cause) {
        return java.util.Optional.empty();
    }

    /** The version and cipher suite of the ServerHello once the server has sent it, e.g. "TLSv1 TLS_RSA_WITH_AES_128_CBC_SHA". */
    default java.util.Optional<String> serverHello() {
        return java.util.Optional.empty();
    }

    /** The scenario's fault that made the handshake fail, when one did. */
    default java.util.Optional<String> faultBehindFailure() {
        return java.util.Optional.empty();
    }

    /** Keeps this handshake's secrets for {@link #keyLogLines}: called, for a capture, before the handshake starts. */
    default void collectSecrets() {
    }

    /**
     * The secrets of this connection's finished handshake as lines of the NSS key log format, for a capture; empty
     * for an engine or a version that does not hand them out.
     */
    default java.util.List<String> keyLogLines() {
        return java.util.List.of();
    }
}
