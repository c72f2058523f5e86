package dev.tdsmock.tls;

import dev.tdsmock.tls.bc.BouncyCastleTlsException;
import dev.tdsmock.tls.bc.BouncyCastleTlsHandler;
import dev.tdsmock.tls.bc.DhExchange;
import dev.tdsmock.tls.bc.DhSecretHandling;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.util.concurrent.Future;
import java.util.Optional;
import org.bouncycastle.tls.AlertDescription;

/** The Bouncy Castle engine, for the fault scenarios. */
final class BouncyCastleEngine implements ServerTlsEngine {
    private final BouncyCastleTlsHandler handler;
    private final DhSecretHandling dhSecret;

    BouncyCastleEngine(BouncyCastleTlsHandler handler, DhSecretHandling dhSecret) {
        this.handler = handler;
        this.dhSecret = dhSecret;
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
        String alpn = handler.applicationProtocol();
        DhExchange dh = handler.dhExchange();
        return handler.protocol() + " " + handler.cipherSuite() + (alpn == null ? "" : " ALPN " + alpn)
                + (dh == null ? "" : " DH " + dh.primeBits() + " bits");
    }

    @Override
    public Optional<String> refusedByClient(Throwable cause) {
        if (!(cause instanceof BouncyCastleTlsException failure) || !failure.alertFromClient()) {
            return Optional.empty();
        }
        String alert = "fatal alert " + AlertDescription.getName(failure.alert());
        return Optional.of(serverHello().map(hello -> alert + " after the server's ServerHello (" + hello + ")")
                .orElse(alert));
    }

    @Override
    public java.util.List<String> keyLogLines() {
        return handler.keyLogLines();
    }

    @Override
    public Optional<String> serverHello() {
        return handler.protocol() == null ? Optional.empty()
                : Optional.of(handler.protocol() + " " + handler.cipherSuite());
    }

    @Override
    public String describeFailure(Throwable cause) {
        String failure = ServerTlsEngine.super.describeFailure(cause);
        return faultBehindFailure().map(fault -> fault + " (" + failure + ")").orElse(failure);
    }

    /** The DH secret's quirk, when it is why the client's Finished did not verify. */
    @Override
    public Optional<String> faultBehindFailure() {
        DhExchange dh = handler.dhExchange();
        if (dh != null && dh.secretHadLeadingZero() && dhSecret == DhSecretHandling.KEEP_LEADING_ZEROS) {
            return Optional.of("leading-zero DH secret: the server kept the zero byte that the client strips, so "
                    + "their master secrets differ");
        }
        if (dh != null && dhSecret == DhSecretHandling.ALWAYS_EXTRA_ZERO) {
            return Optional.of("DH secret with an extra leading zero byte: the client's master secret differs");
        }
        return Optional.empty();
    }
}
