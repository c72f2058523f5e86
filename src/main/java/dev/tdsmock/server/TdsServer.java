package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.Journal;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import java.nio.file.Path;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener serving one scenario, on the process's shared event loops ({@link EventLoops}): its listening
 * socket and its accept workers on one acceptor loop, taken once; its connections spread over the I/O loops.
 */
public final class TdsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TdsServer.class);
    /** How long closing waits for the listener's connections to end. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private final EventLoops.Lease loops;
    private final OpenConnections connections = new OpenConnections();
    private final ServerResources resources;
    private final ServerBootstrap bootstrap;
    private final Scenario.AcceptSettings startedWith;
    private volatile AcceptWorkers acceptWorkers;
    private volatile Admission admission;
    private final InetSocketAddress address;
    private final EventLoop acceptLoop;
    private volatile Channel listener;
    /** Set on the accept loop as the listener stops: a socket reopened after that is closed at once. */
    private boolean closed;
    private final AtomicBoolean closing = new AtomicBoolean();

    private TdsServer(ServerResources resources) {
        this.resources = resources;
        this.loops = EventLoops.lease();
        Scenario.AcceptSettings accept = resources.scenario().listener().accept();
        this.startedWith = accept;
        this.acceptLoop = loops.acceptLoop();
        this.acceptWorkers = accept.model() == Scenario.AcceptModel.WORKERS ? newAcceptWorkers(accept) : null;
        this.admission = acceptWorkers != null ? acceptWorkers : Admission.IMMEDIATE;
        this.bootstrap = new ServerBootstrap()
                .group(acceptLoop, loops.io())
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ConnectionInitializer(resources, channel -> admission.arrived(channel),
                        connections));
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
            loops.close();
            resources.close();
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
        return start(scenario, certificates, journalFile, new ScenarioLoader(Path.of("scenarios")));
    }

    /** The same, with the scenarios that route faults name looked up by {@code loader}. */
    public static TdsServer start(Scenario scenario, CertificateStore certificates, JournalFile journalFile,
                                  ScenarioLoader loader) {
        TdsServer server = new TdsServer(new ServerResources(scenario, certificates, journalFile, loader));
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
     * Serves a different scenario from now on, on the same port, with its faults in place of the listener's;
     * connections already open keep their settings.
     *
     * @throws IllegalArgumentException when its accept stage cannot be had without a new listening socket
     */
    public synchronized void switchScenario(Scenario scenario) {
        Scenario here = scenario.withListener(address.getHostString(), port());
        accept(here.listener().accept());
        resources.switchTo(here);
        LOG.info("port {} now serves scenario '{}'", port(), scenario.name());
    }

    /**
     * New settings for new connections (the same scenario with settings changed); the listener's faults stay.
     * The listener's host and port stay as they are.
     *
     * @throws IllegalArgumentException naming what cannot change while the listener runs
     */
    public synchronized void changeSettings(Scenario scenario) {
        Scenario here = scenario.withListener(address.getHostString(), port());
        accept(here.listener().accept());
        resources.settle(here);
    }

    /** The accept stage from now on: immediate, or accept workers (reset, refuse); kernel only as it started. */
    private void accept(Scenario.AcceptSettings next) {
        boolean kernelBefore = startedWith.model() == Scenario.AcceptModel.WORKERS
                && startedWith.whenFull() == Scenario.WhenFull.KERNEL;
        boolean kernelAfter = next.model() == Scenario.AcceptModel.WORKERS
                && next.whenFull() == Scenario.WhenFull.KERNEL;
        if (kernelBefore && kernelAfter && next.backlog() != startedWith.backlog()) {
            throw new IllegalArgumentException("listener.accept.backlog is the OS listen backlog with when-full = kernel "
                    + "and cannot change while the listener runs");
        }
        if (kernelBefore != kernelAfter) {
            throw new IllegalArgumentException("listener.accept.when-full = kernel needs the listening socket made for "
                    + "it: start the listener with that scenario (or without it) instead of switching at run time");
        }
        if (next.model() == Scenario.AcceptModel.IMMEDIATE) {
            if (acceptWorkers != null) {
                admission = Admission.IMMEDIATE;
                acceptWorkers.stop();
                acceptWorkers = null;
            }
        } else if (acceptWorkers == null) {
            AcceptWorkers started = newAcceptWorkers(next);
            started.start();
            acceptWorkers = started;
            admission = started;
        } else {
            acceptWorkers.reconfigure(next);
        }
    }

    private AcceptWorkers newAcceptWorkers(Scenario.AcceptSettings settings) {
        return new AcceptWorkers(settings, acceptLoop, new ListenerControl(), AcceptWorkers.Outcomes.SERVE_OR_RESET);
    }

    /** The listener's faults: add, remove, and see how often each fired. */
    public dev.tdsmock.faults.FaultSet faults() {
        return resources.faults();
    }

    /** Records of this listener's connections, newest last. */
    /** The clients this listener has diagnosed (a scenario with diagnose = true), one per fingerprint. */
    public dev.tdsmock.diagnose.SeenClients seenClients() {
        return resources.seenClients();
    }

    public Journal journal() {
        return resources.journal();
    }

    /**
     * Connections opened and closed per client address, who closed first, refusals, and the client ports each
     * address holds (open plus TIME_WAIT on the client within churn.time-wait, against churn.client-ports; KB 328476).
     */
    public ChurnCounters churn() {
        return resources.churn();
    }

    /**
     * Client bytes this listener's connections hold now and the server has not taken yet, against
     * limits.max-buffered-bytes-per-listener: unfinished messages, messages queued while a step is held, bytes
     * kept while a connection waits to be accepted or while its ServerHello is held. 0 once every connection
     * has ended.
     */
    public long bufferedBytes() {
        return resources.bufferBudget().held();
    }

    /** Stops the accept workers: connections wait in the backlog (listener.accept.model = workers). */
    public void pauseAccepting() {
        AcceptWorkers current = acceptWorkers;
        if (current != null) {
            current.pause();
        }
    }

    /** Lets the accept workers take connections again. */
    public void resumeAccepting() {
        AcceptWorkers current = acceptWorkers;
        if (current != null) {
            current.resume();
        }
    }

    /**
     * Stops listening and the accept workers, closes every connection and waits for them to end (their records
     * journalled); the event loops' threads end with the last listener or control API using them.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        boolean onLoop = loops.onLoopThread();
        Future<?> stopped = acceptLoop.submit(this::stopListening);
        if (!onLoop) {
            stopped.syncUninterruptibly();
            // The JDK closes a listening socket registered with a selector only at that selector's next select: a
            // task scheduled for later runs after one, so that the port refuses connections once close returns.
            acceptLoop.schedule(() -> { }, 1, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
        }
        connections.closeAll(CLOSE_WAIT, !onLoop);
        resources.close();
        loops.close();
        LOG.info("scenario '{}' stopped", resources.scenario().name());
    }

    /** On the accept loop, where the accept workers run and reopen the socket. */
    private void stopListening() {
        closed = true;
        if (acceptWorkers != null) {
            acceptWorkers.close();
        }
        listener.close(); // on its own loop: closed before this returns
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
                if (bound.isSuccess() && closed) {
                    ((io.netty.channel.ChannelFuture) bound).channel().close();
                } else if (bound.isSuccess()) {
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
