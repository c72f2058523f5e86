package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.Journal;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.scenario.Scenario;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
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
    private final ServerResources resources;
    private final ServerBootstrap bootstrap;
    private final AcceptWorkers acceptWorkers;
    private final InetSocketAddress address;
    private volatile Channel listener;

    private TdsServer(ServerResources resources) {
        this.resources = resources;
        this.acceptor = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        Scenario.AcceptSettings accept = resources.scenario().listener().accept();
        EventLoop acceptLoop = acceptor.next();
        this.acceptWorkers = accept.model() == Scenario.AcceptModel.WORKERS
                ? new AcceptWorkers(accept, acceptLoop, new ListenerControl(),
                AcceptWorkers.Outcomes.SERVE_OR_RESET) : null;
        this.bootstrap = new ServerBootstrap()
                .group(acceptLoop, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ConnectionInitializer(resources,
                        acceptWorkers != null ? acceptWorkers : Admission.IMMEDIATE));
        if (accept.model() == Scenario.AcceptModel.WORKERS && accept.whenFull() == Scenario.WhenFull.KERNEL) {
            // The OS keeps the backlog: accept only when a worker asks, one connection at a time.
            bootstrap.option(ChannelOption.SO_BACKLOG, accept.backlog())
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1));
        }
        Scenario.Listener where = resources.scenario().listener();
        try {
            this.listener = bootstrap.bind(where.host(), where.port()).syncUninterruptibly().channel();
        } catch (Exception e) { // a failed bind arrives as java.net.BindException, thrown unchecked by Netty
            shutdownGroups();
            throw new IllegalStateException("cannot listen on " + where.host() + ":" + where.port()
                    + " for scenario '" + resources.scenario().name() + "': " + e.getMessage(), e);
        }
        this.address = (InetSocketAddress) listener.localAddress();
    }

    /** Binds the scenario's host and port (port 0: any free port) and starts serving. */
    public static TdsServer start(Scenario scenario, CertificateStore certificates) {
        return start(scenario, certificates, null);
    }

    /** The same, appending each ended connection to a journal file as a JSON line (null for none). */
    public static TdsServer start(Scenario scenario, CertificateStore certificates, JournalFile journalFile) {
        TdsServer server = new TdsServer(new ServerResources(scenario, certificates, journalFile));
        if (server.acceptWorkers != null) {
            server.acceptWorkers.start();
        }
        LOG.info("scenario '{}' listening on {}:{}", scenario.name(), scenario.listener().host(), server.port());
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int port() {
        return address.getPort();
    }

    public Scenario scenario() {
        return resources.scenario();
    }

    /**
     * Serves a different scenario from now on, on the same port; connections already open keep theirs.
     * The listener's accept model stays the one it started with.
     */
    public void switchScenario(Scenario scenario) {
        resources.switchTo(scenario.withListener(address.getHostString(), port()));
        LOG.info("port {} now serves scenario '{}'", port(), scenario.name());
    }

    /** Records of this listener's connections, newest last. */
    public Journal journal() {
        return resources.journal();
    }

    /** Connections opened and closed per client address. */
    public ChurnCounters churn() {
        return resources.churn();
    }

    /** Stops the accept workers: connections wait in the backlog (listener.accept.model = workers). */
    public void pauseAccepting() {
        if (acceptWorkers != null) {
            acceptWorkers.pause();
        }
    }

    /** Lets the accept workers take connections again. */
    public void resumeAccepting() {
        if (acceptWorkers != null) {
            acceptWorkers.resume();
        }
    }

    /** Stops listening, closes every connection and waits for the threads to end. */
    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        shutdownGroups();
        LOG.info("scenario '{}' stopped", resources.scenario().name());
    }

    private void shutdownGroups() {
        acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** What the accept workers may do to the listening socket; always called on the listener's event loop. */
    private final class ListenerControl implements AcceptWorkers.Listener {
        @Override
        public void stopListening() {
            LOG.info("scenario '{}': backlog full, port {} closed until there is room", scenario().name(), port());
            listener.close();
        }

        @Override
        public void startListening() {
            bootstrap.bind(address).addListener(bound -> {
                if (bound.isSuccess()) {
                    listener = ((io.netty.channel.ChannelFuture) bound).channel();
                    LOG.info("scenario '{}': port {} open again", scenario().name(), port());
                } else {
                    LOG.error("scenario '{}': cannot listen on port {} again: {}", scenario().name(), port(),
                            bound.cause().toString());
                }
            });
        }

        @Override
        public void acceptOne() {
            listener.read();
        }
    }
}
