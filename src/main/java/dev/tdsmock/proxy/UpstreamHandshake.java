package dev.tdsmock.proxy;

import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.PreLoginCodec;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TdsVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * One upstream connection up to the answer to LOGIN7, as a client goes (MS-TDS 3.2.5): PRELOGIN (inside TLS first for
 * TDS 8.0), the TLS handshake inside PRELOGIN packets when the encryption both sides said calls for it, then LOGIN7,
 * dropping TLS after it for login-only encryption (ENCRYPT_OFF on both sides). Completes {@code answered} with the
 * whole answer, or fails it with an {@link UpstreamException} saying which step went wrong.
 */
final class UpstreamHandshake extends ChannelInboundHandlerAdapter {
    static final String TLS = "upstream-tls";
    /** More than a PRELOGIN or login answer takes (a few KB); past it the upstream is not answering as a server. */
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final String WRAPPING = "upstream-tls-wrapping";

    private enum Stage {
        PRELOGIN("the answer to PRELOGIN"),
        TLS("the TLS handshake"),
        LOGIN("the answer to LOGIN7"),
        DONE("nothing");

        private final String awaited;

        Stage(String awaited) {
            this.awaited = awaited;
        }
    }

    /** What the handshake settles on the way, for the journal. */
    interface Progress {
        /** strict, on, login-only or off, once PRELOGIN settled it. */
        void encryption(String settled);

        /** The TLS protocol and cipher suite once the handshake is done. */
        void tls(String negotiated);
    }

    private final Scenario.Upstream settings;
    private final ByteBuf login7;
    private final Promise<ByteBuf> answered;
    private final Progress progress;
    private Stage stage = Stage.PRELOGIN;
    private boolean loginOnly;
    private CompositeByteBuf message;
    private boolean loginReleased;
    private String tls;

    /**
     * @param login7 the LOGIN7 payload to send, released here
     * @param progress told what PRELOGIN and TLS settled
     */
    UpstreamHandshake(Scenario.Upstream settings, ByteBuf login7, Promise<ByteBuf> answered, Progress progress) {
        this.settings = settings;
        this.login7 = login7;
        this.answered = answered;
        this.progress = progress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (settings.encrypt() == Scenario.UpstreamEncryption.STRICT) {
            progress.encryption("strict");
            stage = Stage.TLS;
            startTls(ctx, false).addListener(done -> {
                if (done.isSuccess()) {
                    sendPreLogin(ctx, Encryption.NOT_SUP);
                }
            });
        } else {
            sendPreLogin(ctx, settings.encrypt() == Scenario.UpstreamEncryption.ON ? Encryption.ON : Encryption.OFF);
        }
        ctx.fireChannelActive();
    }

    private void sendPreLogin(ChannelHandlerContext ctx, int encryption) {
        stage = Stage.PRELOGIN;
        ByteBuf payload = ctx.alloc().buffer(64);
        PreLoginCodec.encodeRequest(payload, encryption);
        ctx.writeAndFlush(new TdsMessage(PacketType.PRELOGIN, payload)).addListener(this.failOnError(ctx, "PRELOGIN"));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        ByteBuf packet = (ByteBuf) msg;
        if (stage == Stage.DONE) {
            ctx.fireChannelRead(packet);
            return;
        }
        try {
            PacketHeader header = PacketHeader.peek(packet);
            if (header.type() != PacketType.TABULAR_RESULT) {
                throw new UpstreamException(String.format("sent a packet of type 0x%02X where the listener waited"
                        + " for %s", header.type(), stage.awaited));
            }
            if (message == null) {
                message = ctx.alloc().compositeBuffer();
            }
            message.addComponent(true, packet.retainedSlice(PacketHeader.SIZE, header.payloadLength()));
            if (message.readableBytes() > MAX_ANSWER_BYTES) {
                throw new UpstreamException("sent more than " + MAX_ANSWER_BYTES + " bytes as " + stage.awaited);
            }
            if (!header.endOfMessage()) {
                return;
            }
        } finally {
            packet.release();
        }
        ByteBuf whole = message;
        message = null;
        if (stage == Stage.PRELOGIN) {
            try {
                preLoginAnswered(ctx, PreLoginCodec.decode(whole));
            } finally {
                whole.release();
            }
        } else {
            stage = Stage.DONE;
            answered.trySuccess(whole);
        }
    }

    private void preLoginAnswered(ChannelHandlerContext ctx, PreLogin answer) {
        if (settings.encrypt() == Scenario.UpstreamEncryption.STRICT) {
            sendLogin(ctx);
            return;
        }
        Integer level = answer.encryptionLevel();
        if (level == null) {
            throw new UpstreamException("answered PRELOGIN without an ENCRYPTION option");
        }
        boolean asked = settings.encrypt() == Scenario.UpstreamEncryption.ON;
        if (level == Encryption.NOT_SUP) {
            if (asked) {
                throw new UpstreamException("does not encrypt (PRELOGIN ENCRYPT_NOT_SUP) and upstream.encrypt = on");
            }
            progress.encryption("off");
            sendLogin(ctx);
            return;
        }
        loginOnly = !asked && level == Encryption.OFF;
        progress.encryption(loginOnly ? "login-only" : "on");
        stage = Stage.TLS;
        startTls(ctx, true).addListener(done -> {
            if (done.isSuccess()) {
                ctx.pipeline().remove(WRAPPING);
                sendLogin(ctx);
            }
        });
    }

    /** Adds the TLS client at the socket's end of the pipeline; a failed handshake fails the answer. */
    private io.netty.util.concurrent.Future<?> startTls(ChannelHandlerContext ctx, boolean wrapped) {
        SslHandler tls;
        try {
            tls = UpstreamTls.handler(settings, ctx.alloc());
        } catch (SSLException | RuntimeException e) {
            UpstreamException unusable = new UpstreamException("cannot be checked: upstream.trust-ca "
                    + settings.trustCa().map(Object::toString).orElse("") + " cannot be used: " + describe(e), e);
            fail(ctx, unusable);
            return ctx.executor().newFailedFuture(unusable);
        }
        // the handshake starts as soon as the handler is added: the wrapping must be there first
        if (wrapped) {
            ctx.pipeline().addAfter(ResetWatch.NAME, WRAPPING, new PreLoginTlsWrapping()).addAfter(WRAPPING, TLS, tls);
        } else {
            ctx.pipeline().addAfter(ResetWatch.NAME, TLS, tls);
        }
        return tls.handshakeFuture().addListener(done -> {
            if (done.isSuccess()) {
                progress.tls(UpstreamLeg.describe(tls.engine().getSession()));
            } else {
                fail(ctx, new UpstreamException(handshakeFailure(done.cause()), done.cause()));
            }
        });
    }

    /** Whose the refusal was: the listener's, of the upstream's certificate, or the upstream's (its alert). */
    private String handshakeFailure(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.security.cert.CertificateException) {
                return "presented a certificate this listener does not accept (upstream.trust-ca "
                        + settings.trustCa().map(Object::toString).orElse("") + ", upstream.host-name "
                        + settings.tlsName() + "): " + describe(c);
            }
        }
        String text = describe(cause);
        return text.startsWith("Received fatal alert") ? "refused the TLS handshake: " + text
                : "failed the TLS handshake: " + text;
    }

    private void sendLogin(ChannelHandlerContext ctx) {
        stage = Stage.LOGIN;
        ByteBuf payload;
        long version = login7.getUnsignedIntLE(login7.readerIndex() + 4);
        if (version == TdsVersion.V8_0_LOGIN && settings.encrypt() != Scenario.UpstreamEncryption.STRICT) {
            // a TDS 8.0 client's LOGIN7 on a TDS 7.x leg: the version that leg speaks
            payload = login7.copy();
            payload.setIntLE(payload.readerIndex() + 4, (int) TdsVersion.V7_4);
        } else {
            payload = login7.retainedDuplicate();
        }
        ctx.writeAndFlush(new TdsMessage(PacketType.LOGIN7, payload)).addListener(written -> {
            if (!written.isSuccess()) {
                fail(ctx, new UpstreamException("LOGIN7 could not be sent: " + describe(written.cause()),
                        written.cause()));
            } else if (loginOnly) {
                ctx.pipeline().remove(TLS);
            }
        });
    }

    private io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> failOnError(
            ChannelHandlerContext ctx, String what) {
        return written -> {
            if (!written.isSuccess()) {
                fail(ctx, new UpstreamException(what + " could not be sent: " + describe(written.cause()),
                        written.cause()));
            }
        };
    }

    /** The TLS protocol and cipher suite of the handshake, or null without TLS. */
    String tls() {
        return tls;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (answered.isDone()) {
            // the failure that settled it, or its echo (TLS reports a refused handshake twice): told already
            ctx.close();
            return;
        }
        Throwable unwrapped = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null
                ? cause.getCause() : cause;
        fail(ctx, unwrapped instanceof UpstreamException known ? known
                : new UpstreamException("failed while the listener waited for " + stage.awaited + ": "
                        + describe(unwrapped), unwrapped));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!answered.isDone()) {
            ResetWatch watch = ctx.pipeline().get(ResetWatch.class);
            boolean reset = watch != null && watch.reset() != null;
            fail(ctx, new UpstreamException((reset ? "reset" : "closed") + " the connection while the listener waited"
                    + " for " + stage.awaited));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (message != null) {
            message.release();
            message = null;
        }
        if (!loginReleased) {
            loginReleased = true;
            login7.release();
        }
    }

    private void fail(ChannelHandlerContext ctx, UpstreamException cause) {
        if (answered.tryFailure(cause)) {
            stage = Stage.DONE;
            ctx.close();
        }
    }

    static String describe(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root instanceof IOException || root instanceof SSLException ? text
                : root.getClass().getSimpleName() + ": " + text;
    }
}
