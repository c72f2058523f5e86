package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.proxy.LoginAnswer;
import dev.tdsmock.proxy.UpstreamLeg;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TdsMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * LOGIN7's answer when the scenario has an upstream: the listener logs in there with the client's own LOGIN7
 * ({@link UpstreamLeg}) and relays what the upstream answers (LOGINACK, ENVCHANGEs, INFO and ERROR tokens, FEATUREEXTACK)
 * as it came; after a LOGINACK the connection's requests go to {@link ProxiedRequests}.
 */
final class ProxiedLogin {
    /** The number of the error a client gets when the upstream cannot be reached or logged in to: user-defined. */
    static final int UPSTREAM_UNAVAILABLE = 50_000;
    /** Class 20: a fatal error of the connection (MS-TDS 2.2.7.10), as drivers treat a server that went away. */
    private static final int FATAL = 20;

    private ProxiedLogin() {
    }

    /**
     * @param login7 the LOGIN7 payload as the client sent it; released here
     * @return the write of the relayed answer, completed once it has gone out
     */
    static ChannelFuture answer(ChannelHandlerContext ctx, ByteBuf login7) {
        Channel channel = ctx.channel();
        Connection connection = Connection.of(channel);
        Scenario.Upstream upstream = connection.scenario().upstream();
        ChannelPromise relayed = channel.newPromise();
        ClientWait wait = channel.pipeline().get(ClientWait.class);
        if (wait != null) {
            wait.pause(); // the client waits for the upstream, not the other way round
        }
        if (isThisListener(channel, upstream)) {
            login7.release();
            connection.record().upstream(leg -> leg.ended("not connected: the upstream is this listener itself"));
            if (wait != null) {
                wait.resume();
            }
            unavailable(channel, upstream, "is this listener itself: upstream.host and upstream.port name its own "
                    + "address, and a login relayed there would come back forever");
            relayed.trySuccess();
            return relayed;
        }
        Logs.CONNECTION.debug("{} logging in to upstream {}", connection.tag(), upstream.address());
        io.netty.util.concurrent.Future<UpstreamLeg> opening = UpstreamLeg.open(channel.eventLoop(), upstream, login7,
                connection.record());
        // a client that leaves (its login timeout, the login deadline) takes the upstream connection with it
        io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> leaving =
                closed -> opening.cancel(false);
        channel.closeFuture().addListener(leaving);
        opening.addListener(opened -> {
            channel.closeFuture().removeListener(leaving);
            if (wait != null) {
                wait.resume();
            }
            if (opened.isCancelled()) {
                relayed.trySuccess();
                return;
            }
            if (!opened.isSuccess()) {
                unavailable(channel, upstream, opened.cause().getMessage());
                relayed.trySuccess();
                return;
            }
            UpstreamLeg leg = (UpstreamLeg) opened.getNow();
            LoginAnswer answer = leg.login();
            if (!channel.isActive()) {
                answer.payload().release();
                leg.close("the client left during login");
                relayed.trySuccess();
                return;
            }
            channel.closeFuture().addListener(closed -> {
                dev.tdsmock.journal.Ending ending = connection.record().ending();
                leg.close("the client connection ended" + (ending == null ? "" : " (" + ending + ")"));
            });
            relay(ctx, connection, leg, answer).addListener(written -> relayed.trySuccess());
        });
        return relayed;
    }

    /**
     * Whether the upstream is the listener the client came to: its own port, on a loopback or its own address, given
     * as an address or as localhost (no name is looked up here, on the event loop).
     */
    private static boolean isThisListener(Channel channel, Scenario.Upstream upstream) {
        if (!(channel.localAddress() instanceof java.net.InetSocketAddress local) || upstream.port() != local.getPort()) {
            return false;
        }
        if (upstream.host().equalsIgnoreCase("localhost")) {
            return true;
        }
        byte[] literal = io.netty.util.NetUtil.createByteArrayFromIpAddressString(upstream.host());
        if (literal == null) {
            return false;
        }
        try {
            java.net.InetAddress target = java.net.InetAddress.getByAddress(literal);
            return target.isLoopbackAddress() || target.isAnyLocalAddress() || target.equals(local.getAddress());
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static ChannelFuture relay(ChannelHandlerContext ctx, Connection connection, UpstreamLeg leg,
                                       LoginAnswer answer) {
        connection.tdsVersion(answer.tdsVersion());
        answer.errors().forEach(error -> connection.record().errorAnswered("login", null, error.number(),
                error.severity(), error.state(), error.text()));
        ChannelFuture written = ctx.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, answer.payload()));
        String upstream = connection.scenario().upstream().address();
        if (!answer.loggedIn()) {
            leg.close("the upstream refused the login");
            LoginAnswer.Message first = answer.errors().isEmpty() ? null : answer.errors().get(0);
            Closing.after(written, ctx.channel(), Ending.byServer(Ending.Kind.FIN, "upstream " + upstream
                    + " refused the login" + (first == null ? "" : " with error " + first.number() + ": "
                    + first.text())));
            return written;
        }
        if (answer.route() != null) {
            connection.record().routedTo(answer.route().toString());
        }
        if (answer.packetSize() > 0) {
            ctx.pipeline().get(TdsMessageEncoder.class).packetSize(answer.packetSize());
        }
        if (answer.database() != null) {
            connection.database(answer.database());
        }
        if (Logs.CONNECTION.isDebugEnabled()) {
            dev.tdsmock.journal.ConnectionRecord.Upstream journalled = connection.record().upstream();
            Logs.CONNECTION.debug("{} logged in through upstream {} (from {}, encryption {}{}): TDS {}, {}",
                    connection.tag(), journalled.server(), journalled.localAddress(), journalled.encryption(),
                    journalled.tls() == null ? "" : ", " + journalled.tls(), String.format("0x%08X", answer.tdsVersion()),
                    answer.program());
        }
        connection.enter(ConnectionState.LOGGED_IN);
        ClientWait wait = ctx.pipeline().get(ClientWait.class);
        if (wait != null) {
            wait.limit(connection.scenario().limits().sessionIdleTimeout());
        }
        ctx.pipeline().replace(ctx.handler(), FirstBytesRouter.PHASE, new ProxiedRequests(leg));
        return written;
    }

    /** The upstream could not be reached or logged in to: a fatal error naming it, then FIN. */
    private static void unavailable(Channel channel, Scenario.Upstream upstream, String why) {
        if (!channel.isActive()) {
            return;
        }
        Logs.CONNECTION.warn("{} upstream {} {}", Connection.of(channel).tag(), upstream.address(), why);
        LoginRefusal.send(channel, new ErrorReply(UPSTREAM_UNAVAILABLE, 1, FATAL, "tds-mock: the upstream server "
                + upstream.address() + " " + why), null);
    }
}
