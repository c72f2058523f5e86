package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * SQL Server's listener under load: accepted connections wait in a backlog until one of a few accept
 * workers takes them, each accept costing the workers some time, with optional stalls (IOCP worker
 * starvation, scenario 6 of the article). What a connection that finds the backlog full meets is the
 * scenario's {@code when-full}. Everything runs on the listener's own event loop, one thread.
 */
final class AcceptWorkers implements Admission {
    /** Opens and closes the listening socket, for {@code when-full = refuse}, and accepts one at a time for kernel. */
    interface Listener {
        void stopListening();

        void startListening();

        /** Asks the OS for one more connection from its accept queue (when-full = kernel). */
        void acceptOne();
    }

    /** What becomes of a connection: it waits, is served, or is turned away because the backlog is full. */
    interface Outcomes {
        /** @param why the accept stage that holds it, for the journal */
        void waiting(Channel channel, String why);

        void admit(Channel channel);

        void turnAway(Channel channel, String reason);

        /** Serves it with the connection pipeline, or resets it (SO_LINGER 0). */
        Outcomes SERVE_OR_RESET = new Outcomes() {
            @Override
            public void waiting(Channel channel, String why) {
                // it stays in the accept state; the journal lists what holds it with the faults
                Connection.of(channel).record().faultFired("listener.accept", "accept-workers", "accept", why);
            }

            @Override
            public void admit(Channel channel) {
                ConnectionPipeline.admit(channel);
            }

            @Override
            public void turnAway(Channel channel, String reason) {
                channel.eventLoop().execute(() -> Closing.now(channel, Ending.byServer(Ending.Kind.RST, reason)));
            }
        };
    }

    private Scenario.AcceptSettings settings;
    private io.netty.util.concurrent.ScheduledFuture<?> stalls;
    private final EventLoop loop;
    private final Listener listener;
    private final Outcomes outcomes;
    private final Deque<Channel> backlog = new ArrayDeque<>();
    private int idleWorkers;
    private boolean paused;
    private boolean stopped;
    private boolean closed;
    private Random random;
    private long stalledUntilNanos;
    private boolean listening = true;
    private boolean awaitingAccept;

    AcceptWorkers(Scenario.AcceptSettings settings, EventLoop loop, Listener listener, Outcomes outcomes) {
        this.settings = settings;
        this.loop = loop;
        this.listener = listener;
        this.outcomes = outcomes;
        this.idleWorkers = settings.workers();
        this.random = random(settings);
        this.paused = settings.paused();
    }

    /** Starts the workers; call once the listener is bound. */
    void start() {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            scheduleStalls();
            work();
        });
    }

    /**
     * New settings from now on (backlog, workers, cost, jitter, stalls, paused); the accept model and
     * {@code when-full} stay those the listener started with.
     */
    void reconfigure(Scenario.AcceptSettings next) {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            idleWorkers += next.workers() - settings.workers();
            paused = next.paused();
            if (!java.util.Objects.equals(next.seed(), settings.seed())) {
                random = random(next);
            }
            settings = next;
            if (stalls != null) {
                stalls.cancel(false);
                stalls = null;
            }
            scheduleStalls();
            reopenWhenRoom();
            work();
        });
    }

    /** Serves everyone waiting and everyone who comes after: the listener accepts at once from now on. */
    void stop() {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            stopped = true;
            if (stalls != null) {
                stalls.cancel(false);
            }
            Channel next;
            while ((next = backlog.pollFirst()) != null) {
                outcomes.admit(next);
            }
            if (!listening) {
                listening = true;
                listener.startListening();
            }
        });
    }

    /**
     * Ends the workers for good as the listener stops: nothing more is admitted, and the listening socket is
     * never opened again. Call on the event loop.
     */
    void close() {
        closed = true;
        if (stalls != null) {
            stalls.cancel(false);
            stalls = null;
        }
        backlog.clear(); // the listener closes them with its other connections
    }

    private void scheduleStalls() {
        long stallEvery = settings.stallEvery().toNanos();
        if (stallEvery > 0 && !settings.stallFor().isZero()) {
            stalls = loop.scheduleAtFixedRate(this::stall, stallEvery, stallEvery, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void arrived(Channel channel) {
        loop.execute(() -> queue(channel));
    }

    void pause() {
        loop.execute(() -> paused = true);
    }

    void resume() {
        loop.execute(() -> {
            paused = false;
            work();
        });
    }

    private boolean kernel() {
        return settings.whenFull() == Scenario.WhenFull.KERNEL;
    }

    private void queue(Channel channel) {
        if (closed) {
            return;
        }
        if (stopped) {
            outcomes.admit(channel);
            return;
        }
        if (kernel()) {
            // The OS held it in its own backlog; the worker that asked for it is busy for the accept's cost.
            awaitingAccept = false;
            outcomes.admit(channel);
            loop.schedule(this::workerFree, costNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        if (backlog.size() >= settings.backlog()) {
            outcomes.turnAway(channel, "backlog full: " + settings.backlog()
                    + " connections already wait for an accept worker");
            return;
        }
        backlog.addLast(channel);
        outcomes.waiting(channel, "waits in the backlog (" + backlog.size() + " waiting) for one of "
                + settings.workers() + " accept workers, " + settings.cost().toMillis() + " ms an accept"
                + (settings.jitter().isZero() ? "" : " ± " + settings.jitter().toMillis() + " ms")
                + (paused ? ", the workers paused" : "") + (now() < stalledUntilNanos ? ", the workers stalled" : ""));
        if (settings.whenFull() == Scenario.WhenFull.REFUSE && backlog.size() >= settings.backlog() && listening) {
            listening = false;
            listener.stopListening();
        }
        work();
    }

    private void stall() {
        stalledUntilNanos = now() + settings.stallFor().toNanos();
        loop.schedule(this::work, settings.stallFor().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Hands waiting connections to idle workers, as long as nothing holds them back. */
    private void work() {
        while (!closed && idleWorkers > 0 && !paused && now() >= stalledUntilNanos) {
            if (kernel()) {
                if (!awaitingAccept) {
                    // The OS hands over one connection per request; the next request waits for it.
                    awaitingAccept = true;
                    idleWorkers--;
                    listener.acceptOne();
                }
                return;
            }
            Channel next = backlog.pollFirst();
            if (next == null) {
                return;
            }
            idleWorkers--;
            reopenWhenRoom();
            loop.schedule(() -> {
                if (closed) {
                    return;
                }
                outcomes.admit(next);
                workerFree();
            }, costNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void workerFree() {
        idleWorkers++;
        work();
    }

    private void reopenWhenRoom() {
        if (!closed && !listening && backlog.size() < settings.backlog()) {
            listening = true;
            listener.startListening();
        }
    }

    /** The event loop's clock, which tests can stop and move. */
    private long now() {
        return loop.ticker().nanoTime();
    }

    private static Random random(Scenario.AcceptSettings settings) {
        return settings.seed() == null ? new Random() : new Random(settings.seed());
    }

    private long costNanos() {
        long cost = settings.cost().toNanos();
        long jitter = settings.jitter().toNanos();
        if (jitter > 0) {
            cost += random.nextLong(-jitter, jitter + 1);
        }
        return Math.max(0, cost);
    }
}
