package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Arrival;
import dev.tdsmock.faults.CountWaiters;
import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Fault;
import dev.tdsmock.faults.FaultType;
import dev.tdsmock.faults.Step;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code gate}: holds every connection it fires on at its step until the test lets it through, with the
 * control API ({@code POST /listeners/{port}/faults/{id}/release}) or the JUnit handle; tests wait for
 * connections to be there ({@code /waiting}) instead of guessing times. Removing the fault lets everyone through.
 */
public final class GateFault implements FaultType {
    @Override
    public String name() {
        return "gate";
    }

    @Override
    public Set<String> keys() {
        return Set.of();
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.allOf(Step.class);
    }

    @Override
    public Fault create(Config settings, Step step) {
        return new Gate();
    }

    /** The connections waiting at one installed gate, first come first released. */
    public static final class Gate implements Fault {
        private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
        private final CountWaiters watchers = new CountWaiters();

        @Override
        public Fault install(dev.tdsmock.faults.FaultContext context) {
            return new Gate();
        }

        @Override
        public Effect effect(Arrival arrival) {
            CompletableFuture<Void> released = new CompletableFuture<>();
            int now;
            synchronized (this) {
                waiting.addLast(released);
                now = waiting.size();
            }
            // a connection that leaves while it waits (its wait is cancelled) is no longer counted
            released.whenComplete((ignored, failure) -> forget(released));
            watchers.reached(now);
            return new Effect.Wait(released);
        }

        private synchronized void forget(CompletableFuture<Void> released) {
            waiting.remove(released);
        }

        /** How many connections wait now. */
        public synchronized int waiting() {
            return waiting.size();
        }

        /** Lets the {@code count} longest-waiting connections through; returns how many it let through. */
        public int release(int count) {
            List<CompletableFuture<Void>> through = new ArrayList<>();
            synchronized (this) {
                while (through.size() < count && !waiting.isEmpty()) {
                    through.add(waiting.pollFirst());
                }
            }
            through.forEach(released -> released.complete(null));
            return through.size();
        }

        /** Lets every waiting connection through. */
        public int releaseAll() {
            return release(Integer.MAX_VALUE);
        }

        /** Completes with the number waiting once at least {@code count} connections wait. */
        public synchronized CompletableFuture<Integer> waitingAtLeast(int count) {
            return watchers.atLeast(count, waiting.size());
        }

        @Override
        public void removed() {
            releaseAll();
        }
    }
}
