package dev.tdsmock.control;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.server.EventLoops;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP control API: on loopback by default; anywhere else only with a token. Its sockets run on the process's
 * shared event loops ({@link EventLoops}), as the listeners do; the calls themselves (switching a scenario builds
 * TLS contexts and may read certificates from disk) run on a thread of their own, so that they never hold up a
 * TDS connection that shares an event loop.
 */
public final class ControlApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);
    /** The largest request body, in bytes; a larger one is answered 413. Headers are bounded by the codec (8 KiB). */
    private static final int MAX_BODY = 64 * 1024;
    /** How long a whole request may take to arrive, from the connection's start or the previous answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private final EventLoops.Lease loops;
    private final Channel channel;
    /** Its connections, which the shared loops outlive: closed with it. */
    private final ChannelGroup connections;
    private final EventExecutorGroup calls;

    private ControlApi(EventLoops.Lease loops, Channel channel, ChannelGroup connections, EventExecutorGroup calls) {
        this.loops = loops;
        this.channel = channel;
        this.connections = connections;
        this.calls = calls;
    }

    /**
     * Starts the API on {@code host:port} (0 picks a free port).
     *
     * @param token the token every call but /health and /ca.pem needs; empty for none, which only loopback allows
     * @throws IllegalArgumentException when the host is beyond loopback and there is no token, or it is blank
     * @throws IllegalStateException when the address cannot be bound
     */
    public static ControlApi start(String host, int port, Optional<String> token, Listeners listeners,
                                   CertificateStore certificates) {
        return start(host, port, token, listeners, certificates, REQUEST_TIMEOUT);
    }

    /** The same, with the time a whole request may take to arrive (see {@link RequestDeadline}). */
    static ControlApi start(String host, int port, Optional<String> token, Listeners listeners,
                            CertificateStore certificates, Duration requestTimeout) {
        if (token.isPresent() && token.get().isBlank()) {
            throw new IllegalArgumentException("the control API token is empty: give one that is not, or none on "
                    + "loopback");
        }
        if (token.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException("the control API listens on " + host
                    + ", beyond loopback: give it a token (--control-token or TDS_MOCK_CONTROL_TOKEN)");
        }
        ControlRoutes routes = new ControlRoutes(listeners, certificates);
        RequestGuard guard = new RequestGuard(host, token.isPresent());
        EventLoops.Lease loops = EventLoops.lease();
        ChannelGroup connections = new DefaultChannelGroup("control-api", GlobalEventExecutor.INSTANCE);
        EventExecutorGroup calls = new DefaultEventExecutorGroup(1, new DefaultThreadFactory("tds-mock-control"));
        try {
            Channel channel = new ServerBootstrap()
                    .group(loops.acceptLoop(), loops.io())
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerCodec(), new BodyLimit(MAX_BODY),
                                    new RequestDeadline(requestTimeout));
                            ch.pipeline().addLast(calls, "control-call", new ControlHandler(routes, guard, token));
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
            ControlApi api = new ControlApi(loops, channel, connections, calls);
            LOG.info("control API on http://{}:{}/ ({})", host, api.port(), token.isPresent() ? "token required"
                    : "no token: loopback only");
            return api;
        } catch (Exception e) { // a failed bind arrives as java.net.BindException, thrown unchecked by Netty
            calls.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
            loops.close();
            throw new IllegalStateException("cannot start the control API on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the address is a loopback one (a name is resolved); false when it cannot be resolved. */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        // a closed connection's inactive event reaches the call thread after its close future is done: a quiet
        // period lets those last events run rather than be refused
        calls.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS).awaitUninterruptibly(3,
                java.util.concurrent.TimeUnit.SECONDS);
        loops.close();
    }
}
