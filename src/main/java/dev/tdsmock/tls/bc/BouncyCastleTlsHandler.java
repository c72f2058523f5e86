package dev.tdsmock.tls.bc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.UnsupportedMessageTypeException;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * The server side of TLS on Bouncy Castle's non-blocking {@link TlsServerProtocol}, for scenarios that need an
 * engine under full control. Inbound: TLS bytes in, decrypted application bytes fired on as ByteBufs. Outbound:
 * application ByteBufs in, TLS records out.
 *
 * <p>Like Netty's SslHandler it fires {@link SslHandshakeCompletionEvent} when the handshake ends and completes
 * {@link #handshakeFuture()}; a failure's cause is a {@link BouncyCastleTlsException}. What the engine writes in
 * reaction to one inbound message goes out with one flush, and the handshake future completes only after the last
 * handshake flight has been written. On a failure the channel stays open (the caller chooses FIN or RST), the
 * engine's alert is written only if {@link BcTlsSettings#sendAlertOnFailure()}, and later input is discarded.
 * Application data written before the handshake ends is sent after it. Closing sends close_notify first if the
 * handshake completed.
 */
public final class BouncyCastleTlsHandler extends ChannelDuplexHandler {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BcTlsSettings settings;
    private final HandshakePromise handshakePromise = new HandshakePromise();
    private final ArrayDeque<PendingWrite> pendingWrites = new ArrayDeque<>();
    private volatile ChannelHandlerContext ctx;
    private volatile DhExchange dhExchange;
    private volatile String applicationProtocol;
    private volatile ConfiguredTlsServer server;
    private TlsServerProtocol engine;
    private boolean failed;
    private boolean closeReported;
    private boolean flushAfterHandshake;

    public BouncyCastleTlsHandler(BcTlsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        String keyAlgorithm = settings.identity().key().getAlgorithm();
        if (!"RSA".equals(keyAlgorithm)) {
            throw new IllegalArgumentException("the Bouncy Castle server needs an RSA key, got " + keyAlgorithm);
        }
    }

    public Future<Channel> handshakeFuture() {
        return handshakePromise;
    }

    /** "TLSv1.2" etc. once the server has chosen the version, else null. */
    public String protocol() {
        ConfiguredTlsServer chosen = server;
        ProtocolVersion version = chosen == null ? null : chosen.negotiatedVersion();
        return version == null ? null : TlsNames.version(version);
    }

    /** The IANA name of the cipher suite once the server has chosen it, else null. */
    public String cipherSuite() {
        ConfiguredTlsServer chosen = server;
        return chosen == null || chosen.negotiatedSuite() < 0 ? null : TlsNames.suite(chosen.negotiatedSuite());
    }

    /** The secrets of the finished handshake as NSS key log lines (TLS 1.2 and 1.3); empty before it finished. */
    public java.util.List<String> keyLogLines() {
        ConfiguredTlsServer chosen = server;
        return chosen == null || !handshakePromise.isSuccess() ? java.util.List.of() : chosen.keyLogLines();
    }

    /** The protocol selected by ALPN once the handshake has completed, else null. */
    public String applicationProtocol() {
        return applicationProtocol;
    }

    /** Null when no DHE suite was used. */
    public DhExchange dhExchange() {
        return dhExchange;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws SSLException {
        this.ctx = ctx;
        ControlledDhCrypto crypto = new ControlledDhCrypto(RANDOM, settings.dhSecret(), settings.shortDhPublicKey(),
                exchange -> dhExchange = exchange);
        server = new ConfiguredTlsServer(settings, crypto);
        engine = new TlsServerProtocol();
        try {
            engine.accept(server);
        } catch (IOException e) {
            throw new SSLException("the Bouncy Castle TLS server cannot start: " + e.getMessage(), e);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed || engine.isClosed()) {
            in.release();
            return;
        }
        byte[] input;
        try {
            input = ByteBufUtil.getBytes(in);
        } finally {
            in.release();
        }
        if (input.length == 0) {
            return;
        }
        try {
            engine.offerInput(input);
        } catch (IOException | RuntimeException e) {
            fail(ctx, e);
            return;
        }
        ByteBuf output = takeOutput(ctx);
        if (output != null) {
            ctx.write(output);
            ctx.flush();
        }
        if (!handshakePromise.isDone() && server.handshakeComplete()) {
            handshakeSucceeded(ctx);
        }
        fireApplicationData(ctx);
        if (engine.isClosed() && !closeReported) {
            // the client's close_notify, which the engine has answered with its own
            closeReported = true;
            ctx.fireUserEventTriggered(SslCloseCompletionEvent.SUCCESS);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new UnsupportedMessageTypeException(msg, ByteBuf.class));
            return;
        }
        if (failed || engine.isClosed()) {
            data.release();
            promise.setFailure(new ClosedChannelException());
            return;
        }
        if (!handshakePromise.isDone()) {
            pendingWrites.add(new PendingWrite(data, promise));
            return;
        }
        encryptAndWrite(ctx, data, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (!handshakePromise.isDone()) {
            flushAfterHandshake = true;
            return;
        }
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        failPendingWrites(new ClosedChannelException());
        if (handshakePromise.isSuccess() && !failed && !engine.isClosed()) {
            try {
                engine.close();
            } catch (IOException e) {
                // the engine could not produce close_notify: close without it
            }
            ByteBuf closeNotify = takeOutput(ctx);
            if (closeNotify != null) {
                ctx.writeAndFlush(closeNotify).addListener(written -> ctx.close(promise));
                return;
            }
        }
        ctx.close(promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failPendingWrites(new ClosedChannelException());
        if (!handshakePromise.isDone() && !failed) {
            failed = true;
            BouncyCastleTlsException error = FailureDescriptions.closedDuringHandshake();
            handshakePromise.tryFailure(error);
            ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(error));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        failPendingWrites(new IllegalStateException("the TLS handler was removed"));
        handshakePromise.tryFailure(FailureDescriptions.removedDuringHandshake());
    }

    private void handshakeSucceeded(ChannelHandlerContext ctx) {
        applicationProtocol = server.applicationProtocol();
        handshakePromise.trySuccess(ctx.channel());
        ctx.fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        boolean wrote = !pendingWrites.isEmpty();
        while (!pendingWrites.isEmpty() && !failed) {
            PendingWrite pending = pendingWrites.poll();
            encryptAndWrite(ctx, pending.data(), pending.promise());
        }
        if (wrote || flushAfterHandshake) {
            flushAfterHandshake = false;
            ctx.flush();
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        BouncyCastleTlsException error = FailureDescriptions.describe(cause, server.raisedAlert());
        ByteBuf alert = takeOutput(ctx);
        if (alert != null && settings.sendAlertOnFailure()) {
            ctx.write(alert);
            ctx.flush();
        } else if (alert != null) {
            alert.release();
        }
        failPendingWrites(error);
        if (handshakePromise.tryFailure(error)) {
            ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(error));
        } else {
            ctx.fireExceptionCaught(error);
        }
    }

    private void encryptAndWrite(ChannelHandlerContext ctx, ByteBuf data, ChannelPromise promise) {
        try {
            byte[] plain = ByteBufUtil.getBytes(data);
            // records of at most a packet's size, as SQL Server sends them (see MAX_RECORD_PLAINTEXT)
            for (int at = 0; at < plain.length; at += dev.tdsmock.tls.ServerTlsEngine.MAX_RECORD_PLAINTEXT) {
                engine.writeApplicationData(plain, at,
                        Math.min(dev.tdsmock.tls.ServerTlsEngine.MAX_RECORD_PLAINTEXT, plain.length - at));
            }
        } catch (IOException | RuntimeException e) {
            promise.setFailure(e);
            return;
        } finally {
            data.release();
        }
        ByteBuf records = takeOutput(ctx);
        ctx.write(records != null ? records : Unpooled.EMPTY_BUFFER, promise);
    }

    private void fireApplicationData(ChannelHandlerContext ctx) {
        int available;
        while ((available = engine.getAvailableInputBytes()) > 0) {
            ByteBuf data = ctx.alloc().heapBuffer(available);
            int read = engine.readInput(data.array(), data.arrayOffset() + data.writerIndex(), available);
            data.writerIndex(data.writerIndex() + read);
            ctx.fireChannelRead(data);
        }
    }

    /** Everything the engine has produced since the last call, or null if nothing. */
    private ByteBuf takeOutput(ChannelHandlerContext ctx) {
        int available = engine.getAvailableOutputBytes();
        if (available == 0) {
            return null;
        }
        ByteBuf output = ctx.alloc().heapBuffer(available);
        int read = engine.readOutput(output.array(), output.arrayOffset() + output.writerIndex(), available);
        output.writerIndex(output.writerIndex() + read);
        return output;
    }

    private void failPendingWrites(Throwable cause) {
        PendingWrite pending;
        while ((pending = pendingWrites.poll()) != null) {
            pending.data().release();
            pending.promise().tryFailure(cause);
        }
    }

    private record PendingWrite(ByteBuf data, ChannelPromise promise) {
    }

    /** Bound to the channel's event loop once the handler is in a pipeline, as SslHandler's promise is. */
    private final class HandshakePromise extends DefaultPromise<Channel> {
        @Override
        protected EventExecutor executor() {
            ChannelHandlerContext context = ctx;
            if (context == null) {
                throw new IllegalStateException("the handler has not been added to a pipeline yet");
            }
            return context.executor();
        }

        @Override
        protected void checkDeadLock() {
            if (ctx != null) {
                super.checkDeadLock();
            }
        }
    }
}
