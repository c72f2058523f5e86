package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.EarlyAttentionException;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.PreLoginCodec;
import dev.tdsmock.wire.TdsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/** Answers PRELOGIN and decides, by the MS-TDS matrix, whether and how long the connection is encrypted. */
final class PreLoginHandler extends SimpleChannelInboundHandler<TdsMessage> {
    private final boolean strict;

    /** @param strict TDS 8.0: TLS is already up, and stays up whatever ENCRYPTION says */
    PreLoginHandler(boolean strict) {
        this.strict = strict;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TdsMessage message) {
        if (message.type() == PacketType.ATTENTION) {
            throw new EarlyAttentionException();
        }
        if (message.type() != PacketType.PRELOGIN) {
            throw new MalformedTdsException("expected PRELOGIN, got a " + PacketType.name(message.type()) + " message");
        }
        Connection connection = Connection.of(ctx.channel());
        connection.enter(ConnectionState.INITIAL_PRELOGIN);
        PreLogin preLogin = PreLoginCodec.decode(message.payload());
        connection.record().preLogin(preLogin);
        Steps.run(ctx.channel(), Step.PRELOGIN, () -> answer(ctx, preLogin));
    }

    private ChannelFuture answer(ChannelHandlerContext ctx, PreLogin preLogin) {
        Connection connection = Connection.of(ctx.channel());
        Scenario.PreLoginSettings settings = connection.scenario().prelogin();
        if (strict) {
            // TLS is already on; ON keeps mssql-jdbc from dropping it after login (an OFF answer would).
            Logs.CONNECTION.debug("{} {} -> answer ON (strict: TLS already up)", connection.tag(), preLogin);
            ChannelFuture replied = reply(ctx, preLogin, Encryption.ON);
            loginNext(ctx, EncryptionNegotiation.Mode.FULL);
            return replied;
        }

        EncryptionNegotiation.Outcome outcome = EncryptionNegotiation.decide(preLogin.encryptionLevel(),
                settings.encryption());
        Logs.CONNECTION.debug("{} {} -> answer {} ({})", connection.tag(), preLogin,
                Encryption.describe(outcome.reply()), outcome.reason());
        ChannelFuture replied = reply(ctx, preLogin, outcome.reply());

        if (outcome.mode() == EncryptionNegotiation.Mode.TERMINATE) {
            endAfter(replied, ctx, "PRELOGIN encryption mismatch: " + outcome.reason());
        } else if (preLogin.clientCertificateRequested() && settings.rejectClientCertificate()) {
            endAfter(replied, ctx, "client asked to log in with a certificate (CLIENT_CERT bit), which this "
                    + "server does not support");
        } else if (outcome.mode() == EncryptionNegotiation.Mode.NONE) {
            loginNext(ctx, outcome.mode());
        } else {
            TlsInstaller.wrapped(ctx, outcome.mode() == EncryptionNegotiation.Mode.LOGIN_ONLY);
            ctx.pipeline().replace(this, FirstBytesRouter.PHASE, new LoginHandler(outcome.mode()));
        }
        return replied;
    }

    private void loginNext(ChannelHandlerContext ctx, EncryptionNegotiation.Mode mode) {
        Connection.of(ctx.channel()).enter(ConnectionState.LOGIN_READY);
        ctx.pipeline().replace(this, FirstBytesRouter.PHASE, new LoginHandler(mode));
    }

    private static ChannelFuture reply(ChannelHandlerContext ctx, PreLogin request, int encryption) {
        Connection connection = Connection.of(ctx.channel());
        ByteBuf payload = ctx.alloc().buffer(64);
        PreLoginCodec.encodeReply(payload, connection.scenario().prelogin().version(), encryption,
                request.fedAuthRequired() != null);
        return ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload));
    }

    private static void endAfter(ChannelFuture replied, ChannelHandlerContext ctx, String reason) {
        ctx.pipeline().remove(FirstBytesRouter.PHASE);
        Closing.after(replied, ctx.channel(), Ending.byServer(Ending.Kind.FIN, reason));
    }
}
