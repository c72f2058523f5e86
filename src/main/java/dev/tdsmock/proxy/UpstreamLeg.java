package dev.tdsmock.proxy;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TdsMessageEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSession;

/**
 * The listener's own TDS connection to the upstream SQL Server, for one client connection. {@link #open} connects,
 * logs in with the client's LOGIN7 ({@link UpstreamHandshake}) and follows routing ENVCHANGEs when upstream.routing
 * says so; then {@link #send} relays the client's messages and the upstream's packets go to the {@link Relay}. It
 * runs on the client connection's event loop: one thread serves both legs. What it learns goes into the client's
 * journal record ({@link ConnectionRecord#upstream}).
 */
public final class UpstreamLeg {
    /** Routing ENVCHANGEs followed for one login at most, as a client follows one. */
    public static final int MAX_ROUTING_HOPS = 3;
    private static final String PACKETS = "upstream-packets";
    private static final String ENCODER = "upstream-encoder";
    private static final String HANDSHAKE = "upstream-handshake";
    private static final String RELAY = "upstream-relay";

    /** Where the upstream's packets go once logged in. */
    public interface Relay {
        /** One packet of the upstream's, header included; the relay owns (releases) it. */
        void packet(ByteBuf packet, boolean endOfMessage);

        /** The upstream ended the leg (not the listener): {@code reset} for a TCP reset; {@code reason} in words. */
        void ended(boolean reset, String reason);
    }

    private final Channel channel;
    private final ConnectionRecord record;
    private final LoginAnswer login;
    private final UpstreamRelay relay;

    private UpstreamLeg(Channel channel, ConnectionRecord record, LoginAnswer login, UpstreamRelay relay) {
        this.channel = channel;
        this.record = record;
        this.login = login;
        this.relay = relay;
    }

    /**
     * Connects to {@code settings}' server on {@code loop} and logs in with {@code login7} (a LOGIN7 payload, released
     * here), following routing as settings say. The future fails with an {@link UpstreamException} when the upstream
     * cannot be reached, refuses TLS, or answers with something that cannot be read; a login the upstream refuses
     * (ERROR, no LOGINACK) succeeds, with {@link LoginAnswer#loggedIn()} false.
     */
    public static Future<UpstreamLeg> open(EventLoop loop, Scenario.Upstream settings, ByteBuf login7,
                                           ConnectionRecord record) {
        Promise<UpstreamLeg> opened = loop.newPromise();
        attempt(loop, settings, login7, record, 0, opened);
        return opened;
    }

    private static void attempt(EventLoop loop, Scenario.Upstream settings, ByteBuf login7, ConnectionRecord record,
                                int hops, Promise<UpstreamLeg> opened) {
        record.upstream(leg -> leg == null ? ConnectionRecord.Upstream.to(settings.address())
                : leg.hop(settings.address()));
        long clientVersion = login7.getUnsignedIntLE(login7.readerIndex() + 4);
        Promise<ByteBuf> answered = loop.newPromise();
        UpstreamHandshake handshake = new UpstreamHandshake(settings, login7.retain(), answered,
                new UpstreamHandshake.Progress() {
                    @Override
                    public void encryption(String settled) {
                        record.upstream(leg -> leg.encrypted(settled));
                    }

                    @Override
                    public void tls(String negotiated) {
                        record.upstream(leg -> leg.negotiated(negotiated));
                    }
                });
        ChannelFuture connecting = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel upstream) {
                        upstream.pipeline().addLast(ResetWatch.NAME, new ResetWatch())
                                .addLast(PACKETS, new UpstreamPackets())
                                .addLast(ENCODER, new TdsMessageEncoder(0))
                                .addLast(HANDSHAKE, handshake);
                    }
                })
                .connect(settings.host(), settings.port());
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                answered.tryFailure(new UpstreamException("could not be reached: "
                        + UpstreamHandshake.describe(connected.cause()), connected.cause()));
                return;
            }
            String local = address(connecting.channel().localAddress());
            record.upstream(leg -> leg.connectedFrom(local));
        });
        opened.addListener(done -> {
            if (done.isCancelled()) {
                record.upstream(leg -> leg.ended("closed by the listener: the client left before the upstream"
                        + " answered its login"));
                connecting.channel().close();
            }
        });
        answered.addListener(done -> {
            Channel upstream = connecting.channel();
            if (opened.isDone()) {
                upstream.close();
                login7.release();
                if (done.isSuccess()) {
                    ((ByteBuf) done.getNow()).release();
                }
                return; // cancelled: the client left
            }
            if (!done.isSuccess()) {
                login7.release();
                upstream.close();
                record.upstream(leg -> leg.ended(done.cause().getMessage()));
                opened.tryFailure(done.cause());
                return;
            }
            ByteBuf payload = (ByteBuf) done.getNow();
            LoginAnswer answer;
            try {
                answer = LoginAnswer.read(payload, clientVersion);
            } catch (MalformedTdsException e) {
                payload.release();
                login7.release();
                upstream.close();
                opened.tryFailure(new UpstreamException("answered LOGIN7 with tokens that cannot be read: "
                        + e.getMessage(), e));
                return;
            }
            record.upstream(leg -> leg.answered(answer.loggedIn() ? String.format("0x%08X", answer.tdsVersion()) : null,
                    answer.program()));
            if (answer.route() != null) {
                boolean follow = settings.routing() == Scenario.UpstreamRouting.FOLLOW;
                record.upstream(leg -> leg.routed(leg.server() + " via " + leg.localAddress() + " routed to "
                        + answer.route() + (follow ? ": followed" : ": passed")));
                if (follow && hops >= MAX_ROUTING_HOPS) {
                    payload.release();
                    login7.release();
                    upstream.close();
                    UpstreamException tooMany = new UpstreamException("routed the login more than "
                            + MAX_ROUTING_HOPS + " times (the last time to " + answer.route() + ")");
                    record.upstream(leg -> leg.ended(tooMany.getMessage()));
                    opened.tryFailure(tooMany);
                    return;
                }
                if (follow) {
                    payload.release();
                    record.upstream(leg -> leg.ended("closed by the listener to follow the routing to "
                            + answer.route()));
                    upstream.close();
                    attempt(loop, settings.at(answer.route().host(), answer.route().port()), login7, record, hops + 1,
                            opened);
                    return;
                }
            }
            login7.release();
            UpstreamRelay relay = new UpstreamRelay(record);
            upstream.pipeline().replace(HANDSHAKE, RELAY, relay);
            if (answer.packetSize() > 0) {
                upstream.pipeline().get(TdsMessageEncoder.class).packetSize(answer.packetSize());
            }
            if (!opened.trySuccess(new UpstreamLeg(upstream, record, answer, relay))) {
                payload.release();
                upstream.close();
            }
        });
    }

    /** The upstream's answer to LOGIN7; its payload is the caller's to relay and release. */
    public LoginAnswer login() {
        return login;
    }

    /** From here on the upstream's packets go to {@code to}. */
    public void relayTo(Relay to) {
        relay.to(to);
    }

    /** Sends one of the client's messages on (a request, ATTENTION); the write's future. */
    public ChannelFuture send(TdsMessage message) {
        return channel.writeAndFlush(message);
    }

    /**
     * Whether to read what the upstream sends: off while the client's socket cannot take more (its write buffer is
     * past the high water mark), so that a large answer waits in the upstream's socket, not in memory.
     */
    public void readUpstream(boolean read) {
        channel.config().setAutoRead(read);
    }

    /** The client's requests relayed, for the journal. */
    public void requestRelayed() {
        record.upstream(ConnectionRecord.Upstream::requestRelayed);
    }

    /** Closes the leg from the listener's side (FIN); {@code why} goes into the journal. Nothing is relayed after. */
    public void close(String why) {
        relay.closedHere();
        if (channel.isOpen()) {
            record.upstream(leg -> leg.ended("closed by the listener: " + why));
        }
        channel.close();
    }

    private static String address(java.net.SocketAddress address) {
        return address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }

    /** "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384" for a session, or null. */
    static String describe(SSLSession session) {
        return session == null ? null : session.getProtocol() + " " + session.getCipherSuite();
    }
}
