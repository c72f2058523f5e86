package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.Login7Parser;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TdsMessageEncoder;
import dev.tdsmock.wire.TdsVersion;
import dev.tdsmock.wire.TokenStream;
import dev.tdsmock.wire.types.Collations;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads LOGIN7 and answers it: LOGINACK with the session's environment, or the error the scenario asks for. */
final class LoginHandler extends SimpleChannelInboundHandler<TdsMessage> {
    private static final int MIN_PACKET_SIZE = 512;
    private final EncryptionNegotiation.Mode encryption;

    LoginHandler(EncryptionNegotiation.Mode encryption) {
        this.encryption = encryption;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(TlsInstaller.TLS) == null || encryption == EncryptionNegotiation.Mode.FULL
                && ctx.pipeline().get(TlsInstaller.FRAMING) == null) {
            Connection.of(ctx.channel()).phase("LOGIN7");
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TdsMessage message) {
        if (message.type() != PacketType.LOGIN7) {
            throw new MalformedTdsException("expected LOGIN7, got a " + PacketType.name(message.type()) + " message");
        }
        Connection connection = Connection.of(ctx.channel());
        Login7 login = Login7Parser.parse(message.payload());
        connection.record().login(login);
        Logs.CONNECTION.info("{} {}", connection.tag(), login);
        Duration delay = connection.scenario().login().delay();
        if (encryption == EncryptionNegotiation.Mode.LOGIN_ONLY) {
            // Login-only encryption: the answer goes out in the clear. Leave the TLS engine's read first.
            ctx.channel().eventLoop().execute(() -> {
                ctx.pipeline().remove(TlsInstaller.TLS);
                Logs.CONNECTION.info("{} TLS dropped after LOGIN7 (encryption OFF: login only)", connection.tag());
                Delays.then(ctx, delay, "LOGIN7 answer", () -> answer(ctx, connection, login));
            });
        } else {
            Delays.then(ctx, delay, "LOGIN7 answer", () -> answer(ctx, connection, login));
        }
    }

    private void answer(ChannelHandlerContext ctx, Connection connection, Login7 login) {
        Scenario.LoginSettings settings = connection.scenario().login();
        long version = TdsVersion.negotiate(login.tdsVersion());
        connection.tdsVersion(version);
        if (login.integratedSecurity()) {
            refuse(ctx, connection, new ErrorReply(18452, 1, 14, "Login failed. The login is from an untrusted domain "
                    + "and cannot be used with Integrated authentication."));
        } else if (settings.error() != null) {
            refuse(ctx, connection, settings.error());
        } else {
            accept(ctx, connection, login, settings, version);
        }
    }

    private static void refuse(ChannelHandlerContext ctx, Connection connection, ErrorReply error) {
        ByteBuf payload = ctx.alloc().buffer(256);
        new TokenStream(payload, connection.tdsVersion())
                .error(error.number(), error.state(), error.severity(), error.message(),
                        connection.scenario().login().serverName())
                .done(TokenStream.DONE_ERROR, 0, 0);
        ctx.pipeline().remove(FirstBytesRouter.PHASE);
        Closing.after(ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload)), ctx,
                Ending.byServer(Ending.Kind.FIN, "login refused with error " + error.number() + ": " + error.message()));
    }

    private void accept(ChannelHandlerContext ctx, Connection connection, Login7 login,
                        Scenario.LoginSettings settings, long version) {
        String database = login.database().isEmpty() ? settings.database() : login.database();
        connection.database(database);
        int packetSize = packetSize(login.packetSize());
        ByteBuf payload = ctx.alloc().buffer(512);
        TokenStream tokens = new TokenStream(payload, version);
        String server = settings.serverName();
        tokens.envChange(TokenStream.ENV_DATABASE, database, "master")
                .info(5701, 2, 0, "Changed database context to '" + database + "'.", server)
                .envChange(TokenStream.ENV_LANGUAGE, settings.language(), "")
                .info(5703, 1, 0, "Changed language setting to " + settings.language() + ".", server);
        if (version >= TdsVersion.V7_1) {
            tokens.envChangeBytes(TokenStream.ENV_COLLATION, Collations.DEFAULT_COLLATION.clone(), new byte[0]);
        }
        tokens.envChange(TokenStream.ENV_PACKET_SIZE, Integer.toString(packetSize),
                Integer.toString(TdsMessageEncoder.INITIAL_PACKET_SIZE));
        int[] programVersion = settings.programVersion();
        tokens.loginAck(settings.programName(), programVersion[0], programVersion[1], programVersion[2]);
        if ((login.optionFlags3() & Login7.FLAG3_EXTENSION) != 0 && version >= TdsVersion.V7_4) {
            tokens.featureExtAck(acknowledged(login, settings));
        }
        tokens.done(TokenStream.DONE_FINAL, 0, 0);
        ChannelFuture answered = ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload));
        ctx.pipeline().get(TdsMessageEncoder.class).packetSize(packetSize);
        if (connection.scenario().churn().serverCloses() == Scenario.ServerCloses.AFTER_LOGIN) {
            Closing.after(answered, ctx, Ending.byServer(Ending.Kind.CLOSE,
                    "the server closes first after the login answer (churn.server-closes = after-login)"));
        }

        Logs.CONNECTION.info("{} logged in: user '{}', database '{}', TDS {}, packet size {}", connection.tag(),
                login.userName(), database, String.format("0x%08X", version), packetSize);
        connection.phase("logged in");
        switchToSessionIdleTimeout(ctx, connection);
        ctx.pipeline().replace(this, FirstBytesRouter.PHASE, new RequestHandler());
    }

    /** The client's packet size within what TDS allows; 0 means "the server's default". */
    private static int packetSize(long requested) {
        if (requested == 0) {
            return TdsMessageEncoder.INITIAL_PACKET_SIZE;
        }
        return (int) Math.max(MIN_PACKET_SIZE, Math.min(PacketHeader.MAX_PACKET_SIZE, requested));
    }

    private static Map<Integer, byte[]> acknowledged(Login7 login, Scenario.LoginSettings settings) {
        Map<Integer, byte[]> acks = new LinkedHashMap<>();
        for (Login7.FeatureRequest feature : login.features()) {
            byte[] ack = settings.acceptedFeatures().get(feature.id());
            if (ack != null) {
                acks.put(feature.id(), ack);
            }
        }
        return acks;
    }

    private static void switchToSessionIdleTimeout(ChannelHandlerContext ctx, Connection connection) {
        if (ctx.pipeline().get(ConnectionPipeline.IDLE) != null) {
            ctx.pipeline().remove(ConnectionPipeline.IDLE);
        }
        long idleMillis = connection.scenario().limits().sessionIdleTimeout().toMillis();
        if (idleMillis > 0) {
            ctx.pipeline().addFirst(ConnectionPipeline.IDLE,
                    new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }
}
