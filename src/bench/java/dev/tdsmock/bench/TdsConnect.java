package dev.tdsmock.bench;

import dev.tdsmock.tls.PreLoginTlsFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection, driven by whole TDS packets (a length-field frame decoder sits below): PRELOGIN; with
 * {@code tls}, the TLS handshake inside PRELOGIN packets (MS-TDS 2.2.6.5) and everything after it in TLS; LOGIN7;
 * then, as the {@link Ending} says, {@code SELECT 1} and a close, a close, or the connection kept open.
 * The future gets the login's time (LOGIN7 written to the end of its answer), in nanoseconds.
 */
final class TdsConnect extends ChannelInboundHandlerAdapter {
    /** What the client does once its login is answered. */
    enum Ending { QUERY_THEN_CLOSE, CLOSE, STAY_OPEN }

    private enum Step { PRELOGIN, TLS_HANDSHAKE, LOGIN, QUERY, DONE }

    private static final int STATUS_EOM = 0x01;
    private static final int DONE_TOKEN = 0xFD;
    private static final int DONE_ERROR = 0x02;
    /** DONE for TDS 7.2 and later: token, status, command, 8-byte row count. */
    private static final int DONE_LENGTH = 13;

    private final SslContext tls;
    private final Ending ending;
    private final CompletableFuture<Long> loginTime;
    private Step step = Step.PRELOGIN;
    private long loginSentAt;
    private long loginNanos;

    /** @param tls the client's TLS context, or null for a session without TLS */
    TdsConnect(SslContext tls, Ending ending, CompletableFuture<Long> loginTime) {
        this.tls = tls;
        this.ending = ending;
        this.loginTime = loginTime;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        send(ctx, tls == null ? ClientMessages.PRELOGIN_PLAIN : ClientMessages.PRELOGIN_TLS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf packet = (ByteBuf) msg;
        try {
            if ((packet.getUnsignedByte(packet.readerIndex() + 1) & STATUS_EOM) == 0) {
                return;
            }
            switch (step) {
                case PRELOGIN -> {
                    if (tls == null) {
                        login(ctx);
                    } else {
                        startTls(ctx);
                    }
                }
                case LOGIN -> {
                    requireNoError(packet);
                    loginNanos = System.nanoTime() - loginSentAt;
                    answered(ctx);
                }
                case QUERY -> {
                    requireNoError(packet);
                    finish(ctx);
                }
                default -> throw new IllegalStateException("a packet during " + step);
            }
        } finally {
            ReferenceCountUtil.release(packet);
        }
    }

    private void startTls(ChannelHandlerContext ctx) {
        step = Step.TLS_HANDSHAKE;
        SslHandler handler = tls.newHandler(ctx.alloc()); // no peer host: no session to resume
        // the framing first, so that the ClientHello the engine writes on being added goes out in PRELOGIN
        ctx.pipeline().addFirst("prelogin-framing", new PreLoginTlsFraming());
        ctx.pipeline().addAfter("prelogin-framing", "tls", handler);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                fail(ctx, done.cause());
                return;
            }
            if (ctx.pipeline().get("prelogin-framing") != null) {
                ctx.pipeline().remove("prelogin-framing");
            }
            login(ctx);
        }
        ctx.fireUserEventTriggered(event);
    }

    private void login(ChannelHandlerContext ctx) {
        step = Step.LOGIN;
        loginSentAt = System.nanoTime();
        send(ctx, ClientMessages.LOGIN7);
    }

    private void answered(ChannelHandlerContext ctx) {
        switch (ending) {
            case QUERY_THEN_CLOSE -> {
                step = Step.QUERY;
                send(ctx, ClientMessages.SELECT_1);
            }
            case CLOSE -> finish(ctx);
            case STAY_OPEN -> {
                step = Step.DONE;
                loginTime.complete(loginNanos);
            }
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        step = Step.DONE;
        ctx.close().addListener(closed -> loginTime.complete(loginNanos));
    }

    private static void requireNoError(ByteBuf packet) {
        int done = packet.writerIndex() - DONE_LENGTH;
        if (packet.getUnsignedByte(done) != DONE_TOKEN || (packet.getUnsignedByte(done + 1) & DONE_ERROR) != 0) {
            throw new IllegalStateException("the answer does not end with a DONE without error");
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] packet) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(packet));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (step != Step.DONE) {
            loginTime.completeExceptionally(new IllegalStateException("the server closed during " + step));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        loginTime.completeExceptionally(cause);
        ctx.close();
    }
}
