package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tdsmock.scenario.Scenario;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The accept workers on a stopped clock: what is served when, counted as time is moved by hand. */
class AcceptWorkersTest {
    private final EmbeddedChannel loopOwner = new EmbeddedChannel();
    private final List<Channel> waiting = new ArrayList<>();
    private final List<Channel> admitted = new ArrayList<>();
    private final List<String> turnedAway = new ArrayList<>();
    private int listenerClosed;
    private int listenerOpened;

    private final AcceptWorkers.Outcomes outcomes = new AcceptWorkers.Outcomes() {
        @Override
        public void waiting(Channel channel, String why) {
            waiting.add(channel);
        }

        @Override
        public void admit(Channel channel) {
            admitted.add(channel);
        }

        @Override
        public void turnAway(Channel channel, String reason) {
            turnedAway.add(reason);
        }
    };

    private final AcceptWorkers.Listener listener = new AcceptWorkers.Listener() {
        @Override
        public void stopListening() {
            listenerClosed++;
        }

        @Override
        public void startListening() {
            listenerOpened++;
        }

        @Override
        public void acceptOne() {
        }
    };

    AcceptWorkersTest() {
        loopOwner.freezeTime();
    }

    @AfterEach
    void stop() {
        loopOwner.finishAndReleaseAll();
    }

    private AcceptWorkers workers(int backlog, Scenario.WhenFull whenFull, int workers, long costMillis,
                                  long stallEveryMillis, long stallForMillis, boolean paused) {
        return workers(new Scenario.AcceptSettings(Scenario.AcceptModel.WORKERS, backlog, whenFull, workers,
                Duration.ofMillis(costMillis), Duration.ZERO, Duration.ofMillis(stallEveryMillis),
                Duration.ofMillis(stallForMillis), paused, null));
    }

    private AcceptWorkers workers(Scenario.AcceptSettings settings) {
        AcceptWorkers acceptWorkers = new AcceptWorkers(settings, (EventLoop) loopOwner.eventLoop(), listener,
                outcomes);
        acceptWorkers.start();
        run();
        return acceptWorkers;
    }

    private void arrive(AcceptWorkers workers, int count) {
        for (int i = 0; i < count; i++) {
            workers.arrived(new EmbeddedChannel());
        }
        run();
    }

    private long elapsedMillis;

    private void advance(long millis) {
        elapsedMillis += millis;
        loopOwner.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        run();
    }

    private void run() {
        loopOwner.runPendingTasks();
        loopOwner.runScheduledPendingTasks();
        loopOwner.runPendingTasks();
    }

    /** The jitter comes from a generator seeded with listener.accept.seed: each accept's cost is known. */
    @Test
    void seededJitterGivesKnownCosts() {
        long jitterNanos = Duration.ofMillis(50).toNanos();
        AcceptWorkers workers = workers(new Scenario.AcceptSettings(Scenario.AcceptModel.WORKERS, 10,
                Scenario.WhenFull.RESET, 1, Duration.ofMillis(100), Duration.ofMillis(50), Duration.ZERO,
                Duration.ZERO, false, 3L));
        arrive(workers, 4);
        java.util.Random expected = new java.util.Random(3);
        for (int i = 1; i <= 4; i++) {
            // the worker, free since the last admission, takes the next connection for this accept's cost
            long due = elapsedMillis * 1_000_000 + Duration.ofMillis(100).toNanos()
                    + expected.nextLong(-jitterNanos, jitterNanos + 1);
            long dueMillis = due / 1_000_000;
            advance(dueMillis - elapsedMillis);
            assertEquals(i - 1, admitted.size(), "not yet at " + elapsedMillis + " ms");
            advance(1);
            assertEquals(i, admitted.size(), "admitted by " + elapsedMillis + " ms");
        }
    }

    @Test
    void oneWorkerTakesOneConnectionPerCost() {
        AcceptWorkers workers = workers(10, Scenario.WhenFull.RESET, 1, 100, 0, 0, false);
        arrive(workers, 3);
        assertEquals(3, waiting.size());
        assertEquals(0, admitted.size());
        advance(100);
        assertEquals(1, admitted.size());
        advance(100);
        assertEquals(2, admitted.size());
        advance(100);
        assertEquals(3, admitted.size());
    }

    @Test
    void twoWorkersTakeTwoAtATime() {
        AcceptWorkers workers = workers(10, Scenario.WhenFull.RESET, 2, 100, 0, 0, false);
        arrive(workers, 4);
        advance(100);
        assertEquals(2, admitted.size());
        advance(100);
        assertEquals(4, admitted.size());
    }

    @Test
    void aFullBacklogTurnsTheRestAwayUntilThereIsRoom() {
        AcceptWorkers workers = workers(5, Scenario.WhenFull.RESET, 1, 0, 0, 0, true);
        arrive(workers, 20);
        assertEquals(15, turnedAway.size());
        assertEquals(0, admitted.size());
        workers.resume();
        run();
        assertEquals(5, admitted.size());
        arrive(workers, 5);
        assertEquals(15, turnedAway.size(), "room again after the backlog drained");
    }

    @Test
    void refuseClosesTheListenerWhenFullAndOpensItWithRoom() {
        AcceptWorkers workers = workers(2, Scenario.WhenFull.REFUSE, 1, 0, 0, 0, true);
        arrive(workers, 2);
        assertEquals(1, listenerClosed);
        assertEquals(0, listenerOpened);
        workers.resume();
        run();
        assertEquals(1, listenerOpened);
        assertEquals(2, admitted.size());
    }

    @Test
    void duringAStallNothingIsAccepted() {
        AcceptWorkers workers = workers(10, Scenario.WhenFull.RESET, 1, 0, 1000, 500, false);
        arrive(workers, 1);
        assertEquals(1, admitted.size(), "no stall yet");
        advance(1000); // the stall begins
        arrive(workers, 2);
        assertEquals(1, admitted.size(), "nothing accepted during the stall");
        advance(499);
        assertEquals(1, admitted.size());
        advance(1);
        assertEquals(3, admitted.size(), "both taken when the stall ends");
    }
}
