package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.ClientHelloParser;
import dev.tdsmock.tls.hello.LegacyClientHello;
import dev.tdsmock.tls.refusal.HelloCheck;
import dev.tdsmock.tls.refusal.Versions;
import dev.tdsmock.wire.BufferBudget;
import io.netty.buffer.Unpooled;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;

/**
 * Reads the ClientHello before the TLS engine does: records what the client offered, runs the checks
 * that refuse a handshake the way Schannel does, then the faults at tls-hello; meanwhile it keeps every
 * byte back, and once the step is done it removes itself and the engine gets them all. What it keeps is claimed
 * from the listener's buffer budget as it arrives and given back as it is handed on or the connection ends;
 * bytes the budget has no room for end the connection as bad input.
 */
final class ClientHelloInspector extends ByteToMessageDecoder {
    /** What the client may send while the ServerHello is held before reads pause. */
    private static final int MAX_HELD_BYTES = 64 * 1024;
    private final List<String> versions;
    private final BufferBudget.Hold budget;
    private boolean decided;
    private boolean failed;
    private boolean handedOn;
    /** The bytes of a rewritten ClientHello (legacy negotiation) kept for the engine while the step is held. */
    private long rewritten;

    /**
     * @param versions the TLS versions the server speaks on this connection
     * @param share the connection's share of the listener's buffer budget, which the bytes it keeps are claimed from
     */
    ClientHelloInspector(List<String> versions, BufferBudget.Share share) {
        this.versions = versions;
        this.budget = share.hold("TLS bytes kept until the ClientHello is answered");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed || handedOn || !ctx.channel().isActive()) {
            return; // ending: what it holds goes back with the connection
        }
        try {
            budget.holdExactly(in.readableBytes() + rewritten, () -> " of the client's TLS handshake"
                    + (decided ? " while the ServerHello is held" : ""));
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
        if (decided) {
            // the ServerHello is held (a fault at tls-hello): keep the bytes for the engine
            if (in.readableBytes() > MAX_HELD_BYTES) {
                Connection.of(ctx.channel()).reading().pause(Reading.Pause.QUEUE_FULL);
            }
            return;
        }
        Optional<ClientHello> parsed = ClientHelloParser.tryParse(in);
        if (parsed.isEmpty()) {
            return;
        }
        decided = true;
        ClientHello hello = parsed.get();
        Connection connection = Connection.of(ctx.channel());
        connection.record().clientHello(hello);
        connection.enter(ConnectionState.TLS_CLIENT_HELLO);
        if (Logs.CONNECTION.isDebugEnabled()) {
            Logs.CONNECTION.debug("{} ClientHello: {}", connection.tag(), hello.summary());
        }
        TlsEngines engines = connection.runtime().tls();
        for (HelloCheck check : HelloCheck.ALL) {
            Optional<HelloCheck.Refusal> refusal = check.refuse(hello, versions, engines);
            if (refusal.isPresent()) {
                in.skipBytes(in.readableBytes());
                refuse(ctx, refusal.get(), hello, engines.settings());
                return;
            }
        }
        ByteBuf legacyHello = legacyHello(ctx, in, hello, engines);
        if (legacyHello != null) {
            rewritten = legacyHello.readableBytes(); // in place of the bytes it was made from
        }
        Steps.run(ctx.channel(), Step.TLS_HELLO, () -> {
            connection.enter(ConnectionState.TLS_SSL_NEGOTIATION);
            connection.reading().resume(Reading.Pause.QUEUE_FULL);
            if (legacyHello != null) {
                ctx.fireChannelRead(legacyHello);
            }
            // what it kept is the engine's from here: given back before the removal hands it on
            handedOn = true;
            budget.releaseAll();
            ctx.pipeline().remove(this);
            return null;
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        try {
            super.channelInactive(ctx);
        } finally {
            budget.releaseAll();
        }
    }

    /** Stripped as the connection ends (or done, its claim given back already): its claim goes back. */
    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        budget.releaseAll();
    }

    /**
     * Legacy negotiation answering a version the client's supported_versions leave out: the engine gets the
     * ClientHello without that extension (taken out of {@code in}), so that it answers as a server before TLS 1.3
     * would; null otherwise.
     */
    private ByteBuf legacyHello(ChannelHandlerContext ctx, ByteBuf in, ClientHello hello, TlsEngines engines) {
        Optional<String> legacy = Versions.chosenButNotOffered(hello, versions, engines.settings().versionNegotiation());
        if (legacy.isEmpty()) {
            return null;
        }
        Connection connection = Connection.of(ctx.channel());
        connection.record().tlsFault(legacy.get());
        Logs.CONNECTION.debug("{} {}", connection.tag(), legacy.get());
        byte[] rewritten = LegacyClientHello.withoutSupportedVersions(in);
        in.skipBytes(in.readableBytes());
        return Unpooled.wrappedBuffer(rewritten);
    }

    private static void refuse(ChannelHandlerContext ctx, HelloCheck.Refusal refusal, ClientHello hello,
                               Scenario.TlsSettings settings) {
        Connection.of(ctx.channel()).record().tlsFault(refusal.reason());
        Ending ending = Ending.byServer(settings.failureEnding(), "handshake refused before ServerHello: "
                + refusal.reason());
        if (ending.kind() == Ending.Kind.ALERT) {
            Closing.after(TlsAlerts.fatal(ctx, hello.recordVersion(), refusal.alert()), ctx.channel(), ending);
        } else {
            Closing.now(ctx.channel(), ending);
        }
    }
}
