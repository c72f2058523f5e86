package dev.tdsmock.server;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The process's Netty event loops, shared by every listener and the control API: one acceptor thread
 * ({@code tds-mock-accept-*}) and one I/O group sized to the cores ({@code tds-mock-io-*}). Each user holds a
 * {@link Lease}; the groups start with the first lease and shut down when the last one is closed, so a server
 * started on its own (a test, the JUnit extension, embedded use) stops its threads as it did with groups of its
 * own, and {@code --all} or the listeners route faults start run on the same few threads.
 */
public final class EventLoops {
    /** Names of the acceptor threads start with this. */
    public static final String ACCEPT_THREADS = "tds-mock-accept";
    /** Names of the I/O threads start with this. */
    public static final String IO_THREADS = "tds-mock-io";
    private static final int ACCEPTORS = 1;
    private static final Object LOCK = new Object();
    private static Groups current;
    private static int leases;

    private EventLoops() {
    }

    /** The most threads the groups have at once: the acceptor and the I/O threads. */
    public static int maxThreads() {
        return ACCEPTORS + ioThreads();
    }

    private static int ioThreads() {
        return NettyRuntime.availableProcessors();
    }

    /** A hold on the groups, starting them when nobody holds them; close it when done with them. */
    public static Lease lease() {
        synchronized (LOCK) {
            if (leases++ == 0) {
                current = new Groups(
                        new MultiThreadIoEventLoopGroup(ACCEPTORS, new DefaultThreadFactory(ACCEPT_THREADS, false,
                                Thread.MAX_PRIORITY), NioIoHandler.newFactory()),
                        new MultiThreadIoEventLoopGroup(ioThreads(), new DefaultThreadFactory(IO_THREADS, false,
                                Thread.MAX_PRIORITY), NioIoHandler.newFactory()));
            }
            return new Lease(current);
        }
    }

    private static void release(Groups groups) {
        synchronized (LOCK) {
            if (--leases > 0) {
                return;
            }
            current = null;
        }
        groups.shutDown();
    }

    private record Groups(EventLoopGroup acceptors, EventLoopGroup io) {
        /** Ends the threads, waiting for them unless called on one of them, which would wait for itself. */
        void shutDown() {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            if (!onLoopThread()) {
                acceptors.terminationFuture().syncUninterruptibly();
                io.terminationFuture().syncUninterruptibly();
            }
        }

        boolean onLoopThread() {
            for (EventLoopGroup group : new EventLoopGroup[] {acceptors, io}) {
                for (EventExecutor loop : group) {
                    if (loop.inEventLoop()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** One user's hold on the groups; closing it more than once releases it once. */
    public static final class Lease implements AutoCloseable {
        private final Groups groups;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Groups groups) {
            this.groups = groups;
        }

        /**
         * One loop of the acceptor group, for a listening socket and whatever must run on the same thread as its
         * accepts; take it once and keep it.
         */
        public EventLoop acceptLoop() {
            return groups.acceptors().next();
        }

        /** The I/O group, which accepted connections are spread over. */
        public EventLoopGroup io() {
            return groups.io();
        }

        /** Whether the calling thread is one of the groups' threads (which must not wait for work of the groups). */
        public boolean onLoopThread() {
            return groups.onLoopThread();
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(groups);
            }
        }
    }
}
