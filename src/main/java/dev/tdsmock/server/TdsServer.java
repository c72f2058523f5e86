package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.Journal;
import dev.tdsmock.scenario.Scenario;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One listener serving one scenario. */
public final class TdsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TdsServer.class);
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final Scenario scenario;
    private final ServerResources resources;

    private TdsServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listener, ServerResources resources) {
        this.acceptor = acceptor;
        this.workers = workers;
        this.listener = listener;
        this.scenario = resources.scenario();
        this.resources = resources;
    }

    /** Binds the scenario's host and port (port 0: any free port) and starts serving. */
    public static TdsServer start(Scenario scenario, CertificateStore certificates) {
        ServerResources resources = new ServerResources(scenario, certificates);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        try {
            Channel listener = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ConnectionInitializer(resources))
                    .bind(scenario.listener().host(), scenario.listener().port())
                    .syncUninterruptibly()
                    .channel();
            TdsServer server = new TdsServer(acceptor, workers, listener, resources);
            LOG.info("scenario '{}' listening on {}:{}", scenario.name(), scenario.listener().host(), server.port());
            return server;
        } catch (RuntimeException e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + scenario.listener().host() + ":"
                    + scenario.listener().port() + " for scenario '" + scenario.name() + "': " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Records of this listener's connections, newest last. */
    public Journal journal() {
        return resources.journal();
    }

    /** Stops listening, closes every connection and waits for the threads to end. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LOG.info("scenario '{}' stopped", scenario.name());
    }
}
