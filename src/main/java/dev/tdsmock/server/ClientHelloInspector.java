package dev.tdsmock.server;

import dev.tdsmock.faults.HelloCheck;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.ClientHelloParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;

/**
 * Reads the ClientHello before the TLS engine does: records what the client offered, runs the checks
 * that refuse a handshake the way Schannel does, and otherwise hands every byte on to the engine.
 */
final class ClientHelloInspector extends ByteToMessageDecoder {
    private final List<String> versions;
    private boolean decided;

    /** @param versions the TLS versions the server speaks on this connection */
    ClientHelloInspector(List<String> versions) {
        this.versions = versions;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (decided) {
            return; // the ClientHello is being held back (tls.delay): wait for the removal
        }
        Optional<ClientHello> parsed = ClientHelloParser.tryParse(in);
        if (parsed.isEmpty()) {
            return;
        }
        decided = true;
        ClientHello hello = parsed.get();
        Connection connection = Connection.of(ctx.channel());
        connection.record().clientHello(hello);
        Logs.CONNECTION.info("{} ClientHello: {}", connection.tag(), hello.summary());
        TlsEngines engines = connection.runtime().tls();
        for (HelloCheck check : HelloCheck.ALL) {
            Optional<HelloCheck.Refusal> refusal = check.refuse(hello, versions, engines);
            if (refusal.isPresent()) {
                in.skipBytes(in.readableBytes());
                refuse(ctx, refusal.get(), hello, engines.settings());
                return;
            }
        }
        Delays.then(ctx, engines.settings().delay(), "answer to the ClientHello", () -> ctx.pipeline().remove(this));
    }

    private static void refuse(ChannelHandlerContext ctx, HelloCheck.Refusal refusal, ClientHello hello,
                               Scenario.TlsSettings settings) {
        Connection.of(ctx.channel()).record().fault(refusal.reason());
        String reason = "handshake refused before ServerHello: " + refusal.reason();
        Ending.Kind kind = settings.failureEnding();
        if (kind == Ending.Kind.ALERT) {
            ByteBuf alert = ctx.alloc().buffer(7);
            alert.writeByte(21).writeShort(hello.recordVersion()).writeShort(2).writeByte(2).writeByte(refusal.alert());
            Closing.after(ctx.writeAndFlush(alert), ctx, Ending.byServer(kind, reason));
        } else {
            Closing.now(ctx, Ending.byServer(kind, reason));
        }
    }
}
