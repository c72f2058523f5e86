package dev.tdsmock.server;

import dev.tdsmock.diagnose.ClientFingerprint;
import dev.tdsmock.diagnose.Diagnosis;
import dev.tdsmock.diagnose.Verdict;
import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.wire.LogText;
import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.Login7Parser;
import dev.tdsmock.wire.EarlyAttentionException;
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
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads LOGIN7 and answers it: LOGINACK with the session's environment, or the error SQL Server gives. */
final class LoginHandler extends SimpleChannelInboundHandler<TdsMessage> {
    private static final int MIN_PACKET_SIZE = 512;
    /** The INFO number of a diagnosis's messages: the first of user-defined messages (sp_addmessage). */
    static final int DIAGNOSIS_MESSAGE = 50_000;
    /** FEATUREEXT SESSIONRECOVERY (MS-TDS 2.2.6.4). */
    private static final int SESSION_RECOVERY = 0x01;
    /** The initial session state of a session-recovery acknowledgement: none (a zero length). */
    private static final byte[] NO_SESSION_STATE = new byte[4];
    private final EncryptionNegotiation.Mode encryption;

    LoginHandler(EncryptionNegotiation.Mode encryption) {
        this.encryption = encryption;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TdsMessage message) {
        if (message.type() == PacketType.ATTENTION) {
            throw new EarlyAttentionException();
        }
        if (message.type() != PacketType.LOGIN7) {
            throw new MalformedTdsException("expected LOGIN7, got a " + PacketType.name(message.type()) + " message");
        }
        Connection connection = Connection.of(ctx.channel());
        Login7 login = Login7Parser.parse(message.payload());
        connection.record().login(login);
        Logs.CONNECTION.debug("{} {}", connection.tag(), login);
        Steps.Answer answer = connection.scenario().upstream().enabled()
                ? proxied(ctx, login, message.payload().retainedDuplicate()) : new Steps.Answer() {
            @Override
            public ChannelFuture answer() {
                return LoginHandler.this.answer(ctx, login, null);
            }

            @Override
            public ChannelFuture routed(String host, int port) {
                return LoginHandler.this.answer(ctx, login, new Route(host, port));
            }
        };
        if (encryption == EncryptionNegotiation.Mode.LOGIN_ONLY) {
            TlsInstaller.dropAfterLogin(ctx, () -> Steps.run(ctx.channel(), Step.LOGIN, answer));
        } else {
            Steps.run(ctx.channel(), Step.LOGIN, answer);
        }
    }

    /**
     * The answer of the scenario's upstream, relayed ({@link ProxiedLogin}); a route fault still answers here, as it
     * sends the client elsewhere before any upstream is asked.
     */
    private Steps.Answer proxied(ChannelHandlerContext ctx, Login7 login, ByteBuf login7) {
        return new Steps.Answer() {
            @Override
            public ChannelFuture answer() {
                if (login.integratedSecurity()) {
                    login7.release();
                    return LoginHandler.this.answer(ctx, login, null);
                }
                return ProxiedLogin.answer(ctx, login7);
            }

            @Override
            public ChannelFuture routed(String host, int port) {
                login7.release();
                return LoginHandler.this.answer(ctx, login, new Route(host, port));
            }

            @Override
            public void abandon() {
                login7.release();
            }
        };
    }

    /** Where a route fault sends the client to log in again. */
    private record Route(String host, int port) {
    }

    /** @param route null for a login served here */
    private ChannelFuture answer(ChannelHandlerContext ctx, Login7 login, Route route) {
        Connection connection = Connection.of(ctx.channel());
        Long fixed = connection.scenario().login().tdsVersion();
        long version = fixed != null ? fixed : TdsVersion.negotiate(login.tdsVersion());
        connection.tdsVersion(version);
        if (login.integratedSecurity()) {
            LoginRefusal.send(ctx.channel(), new ErrorReply(18452, 1, 14, "Login failed. The login is from an "
                    + "untrusted domain and cannot be used with Integrated authentication."), null);
            return null;
        }
        return accept(ctx, connection, login, connection.scenario().login(), version, route);
    }

    private ChannelFuture accept(ChannelHandlerContext ctx, Connection connection, Login7 login,
                                 Scenario.LoginSettings settings, long version, Route route) {
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
        if (version >= TdsVersion.V7_1_BEFORE_REV1) {
            tokens.envChangeBytes(TokenStream.ENV_COLLATION, Collations.DEFAULT_COLLATION.clone(), new byte[0]);
        } else {
            // a TDS 7.0 client has no collation: SQL Server names the character set and the Unicode sort order of
            // SQL_Latin1_General_CP1_CI_AS instead (locale 1033, IgnoreCase | IgnoreKanaType | IgnoreWidth)
            tokens.envChange(TokenStream.ENV_CHARSET, "iso_1", "")
                    .envChange(TokenStream.ENV_UNICODE_LOCALE_ID, "1033", "")
                    .envChange(TokenStream.ENV_UNICODE_COMPARISON_FLAGS, "196609", "");
        }
        tokens.envChange(TokenStream.ENV_PACKET_SIZE, Integer.toString(packetSize),
                Integer.toString(TdsMessageEncoder.INITIAL_PACKET_SIZE));
        int[] programVersion = settings.programVersion();
        tokens.loginAck(settings.programName(), programVersion[0], programVersion[1], programVersion[2]);
        connection.runtime().diagnosis().ifPresent(diagnosis -> diagnose(connection, diagnosis, login, tokens));
        if (route != null) {
            // before FEATUREEXTACK, as SQL Server sends it
            tokens.routing(route.host(), route.port());
            connection.record().routedTo(route.host() + ":" + route.port());
            RoutedLogins.expect(connection.record(), route.port());
        }
        if ((login.optionFlags3() & Login7.FLAG3_EXTENSION) != 0 && version >= TdsVersion.V7_4) {
            Map<Integer, byte[]> acks = acknowledged(login, settings);
            tokens.featureExtAck(acks);
            if (acks.containsKey(SESSION_RECOVERY) && settings.sessionRecovery() == Scenario.SessionRecovery.UNRECOVERABLE) {
                tokens.sessionState(0, false);
            }
        }
        tokens.done(TokenStream.DONE_FINAL, 0, 0);
        ChannelFuture answered = ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload));
        ctx.pipeline().get(TdsMessageEncoder.class).packetSize(packetSize);

        if (Logs.CONNECTION.isDebugEnabled()) {
            Logs.CONNECTION.debug("{} logged in: user '{}', database '{}', TDS {}, packet size {}", connection.tag(),
                    LogText.printable(login.userName()), LogText.printable(database), String.format("0x%08X", version),
                    packetSize);
        }
        connection.enter(ConnectionState.LOGGED_IN);
        ClientWait wait = ctx.pipeline().get(ClientWait.class);
        if (wait != null) {
            wait.limit(connection.scenario().limits().sessionIdleTimeout());
        }
        ctx.pipeline().replace(this, FirstBytesRouter.PHASE, new RequestHandler());
        return answered;
    }

    /**
     * diagnose = true: the client's verdicts, one INFO message each (number 50000, the first of user-defined
     * messages; class 0), in the journal and among the listener's seen clients.
     */
    private static void diagnose(Connection connection, Diagnosis diagnosis, Login7 login, TokenStream tokens) {
        ConnectionRecord record = connection.record();
        ClientFingerprint client = ClientFingerprint.of(record.preLogin(), record.clientHello(), login);
        Map<String, Verdict> verdicts = diagnosis.verdicts(client);
        record.diagnosis(new ConnectionRecord.Diagnosed(client.id(), verdicts));
        connection.resources().seenClients().record(client, verdicts);
        String server = connection.scenario().login().serverName();
        tokens.info(DIAGNOSIS_MESSAGE, 1, 0, "tds-mock diagnose: client " + client.id() + ", " + verdicts.size()
                + " scenarios", server);
        verdicts.forEach((scenario, verdict) -> tokens.info(DIAGNOSIS_MESSAGE, 1, 0, verdict.line(scenario),
                server));
    }

    private static byte[] sessionRecoveryAck(Scenario.LoginSettings settings) {
        return settings.sessionRecovery() == Scenario.SessionRecovery.NO_ACK ? null : NO_SESSION_STATE.clone();
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
            byte[] ack = feature.id() == SESSION_RECOVERY ? sessionRecoveryAck(settings)
                    : settings.acceptedFeatures().get(feature.id());
            if (ack != null) {
                acks.put(feature.id(), ack);
            }
        }
        return acks;
    }
}
