package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.PreLoginTlsFraming;
import dev.tdsmock.tls.ServerTlsEngine;
import io.netty.channel.ChannelHandlerContext;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Puts TLS into a connection's pipeline and takes it out: the ClientHello inspector, then the scenario's
 * engine; reports the handshake's result, and ends the connection as the scenario says when it fails or
 * takes longer than {@code tls.handshake-timeout} (the only limit on a handshake).
 */
final class TlsInstaller {
    static final String TLS = "tls";
    static final String FRAMING = "tls-framing";
    static final String HELLO = "client-hello";

    private TlsInstaller() {
    }

    /** TDS 8.0: TLS first on the socket, right after the router; the PRELOGIN comes inside it. */
    static void strict(ChannelHandlerContext ctx, String after) {
        Connection connection = Connection.of(ctx.channel());
        ServerTlsEngine engine = connection.runtime().tls().strict(ctx.alloc());
        connection.capture().ifPresent(capture -> {
            engine.collectSecrets();
            capture.holdForSecrets();
        });
        List<String> versions = connection.scenario().tls().strictProtocols();
        ctx.pipeline().addAfter(after, HELLO, new ClientHelloInspector(versions, connection.buffered()));
        ctx.pipeline().addAfter(HELLO, TLS, engine.handler());
        connection.enter(ConnectionState.TLS_SSL_NEGOTIATION);
        watch(ctx, engine, versions, false, ConnectionState.INITIAL_PRELOGIN);
    }

    /**
     * TDS 7.x: TLS under the TDS codec, its handshake framed in PRELOGIN packets.
     *
     * @param loginOnly ENCRYPTION OFF: TLS covers LOGIN7 only, and {@link #dropAfterLogin} takes it out
     */
    static void wrapped(ChannelHandlerContext ctx, boolean loginOnly) {
        Connection connection = Connection.of(ctx.channel());
        ServerTlsEngine engine = connection.runtime().tls().wrapped(ctx.alloc());
        connection.capture().ifPresent(capture -> {
            engine.collectSecrets();
            capture.holdForSecrets();
        });
        List<String> versions = connection.scenario().tls().protocols();
        ctx.pipeline().addBefore(FirstBytesRouter.TDS_DECODER, TLS, engine.handler());
        ctx.pipeline().addBefore(TLS, HELLO, new ClientHelloInspector(versions, connection.buffered()));
        ctx.pipeline().addBefore(HELLO, FRAMING, new PreLoginTlsFraming());
        connection.enter(ConnectionState.TLS_SSL_NEGOTIATION);
        watch(ctx, engine, versions, true, ConnectionState.LOGIN_READY);
    }

    /** What the journal's {@code tls} gets after the version and suite when TLS covered LOGIN7 only. */
    static final String LOGIN_ONLY = ", LOGIN7 only (encryption OFF)";

    /**
     * Login-only encryption: the answer to LOGIN7 goes out in the clear. The TLS engine is taken out once it
     * has finished the read that delivered LOGIN7; then {@code next} runs, {@code login.login-only-answer-after}
     * later (a client that closes its own TLS layer then, as jTDS does, would lose an answer already there).
     */
    static void dropAfterLogin(ChannelHandlerContext ctx, Runnable next) {
        Connection connection = Connection.of(ctx.channel());
        long after = connection.scenario().login().loginOnlyAnswerAfter().toNanos();
        ctx.channel().eventLoop().execute(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            ctx.pipeline().remove(TLS);
            Logs.CONNECTION.debug("{} TLS dropped after LOGIN7 (encryption OFF: login only)", connection.tag());
            connection.record().tls(connection.record().tls() + LOGIN_ONLY);
            if (after == 0) {
                next.run();
                return;
            }
            ctx.channel().eventLoop().schedule(() -> {
                if (ctx.channel().isActive()) {
                    next.run();
                }
            }, after, TimeUnit.NANOSECONDS);
        });
    }

    private static void watch(ChannelHandlerContext ctx, ServerTlsEngine engine, List<String> versions,
                              boolean framed, ConnectionState next) {
        Connection connection = Connection.of(ctx.channel());
        Scenario.TlsSettings settings = connection.scenario().tls();
        long timeout = settings.handshakeTimeout().toMillis();
        var timer = ctx.executor().schedule(() -> {
            if (!engine.handshakeFuture().isDone()) {
                Closing.now(ctx, Ending.byServer(Ending.Kind.TIMEOUT,
                        "TLS handshake not finished within " + settings.handshakeTimeout().toMillis() + " ms"));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        engine.handshakeFuture().addListener(done -> {
            timer.cancel(false);
            connection.capture().ifPresent(capture -> capture.keys(engine));
            if (done.isSuccess()) {
                if (framed) {
                    PreLoginTlsFraming.handshakeDone(ctx);
                }
                String negotiated = engine.negotiated();
                Logs.CONNECTION.debug("{} TLS established: {}", connection.tag(), negotiated);
                connection.record().tls(negotiated);
                connection.enter(next);
            } else if (!ctx.channel().isActive()) {
                Optional<String> hello = engine.serverHello();
                hello.ifPresent(sent -> TlsFaultNotes.olderVersion(connection, sent, versions,
                        "and the client closed instead of going on"));
                boolean flightSent = ctx.pipeline().get(HELLO) == null;
                if (flightSent) {
                    TlsFaultNotes.certificate(connection);
                }
                if (hello.isPresent() || flightSent && connection.record().tlsFault() != null) {
                    Closing.record(ctx.channel(), Ending.byClient(Ending.Kind.CLOSE, "closed by the client during "
                            + "the TLS handshake, after the server's " + hello.map(sent -> "ServerHello (" + sent + ")")
                                    .orElse("first flight")));
                }
            } else if (!(done.cause() instanceof ClosedChannelException)) {
                engine.faultBehindFailure().ifPresent(connection.record()::tlsFault);
                Optional<String> refused = engine.refusedByClient(done.cause());
                if (refused.isPresent()) {
                    engine.serverHello().ifPresent(hello -> TlsFaultNotes.olderVersion(connection, hello, versions,
                            "which the client refused"));
                    TlsFaultNotes.certificate(connection);
                    // the client has ended it: the server only closes its side
                    Closing.now(ctx, Ending.byClient(Ending.Kind.ALERT, "the client refused the TLS handshake: "
                            + refused.get()));
                } else {
                    Closing.now(ctx, Ending.byServer(failureEnding(settings),
                            "TLS handshake failed: " + engine.describeFailure(done.cause())));
                }
            }
        });
    }

    /** BoringSSL answers its own failures with an alert; Bouncy Castle's end as the scenario says. */
    private static Ending.Kind failureEnding(Scenario.TlsSettings settings) {
        return settings.engine() == Scenario.TlsEngineKind.BORINGSSL ? Ending.Kind.ALERT : settings.failureEnding();
    }
}
