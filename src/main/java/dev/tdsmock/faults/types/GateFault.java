package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Arrival;
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
        private final List<Watcher> watchers = new ArrayList<>();

        private record Watcher(int count, CompletableFuture<Integer> future) {
        }

        @Override
        public Fault fresh() {
            return new Gate();
        }

        @Override
        public synchronized Effect effect(Arrival arrival) {
            CompletableFuture<Void> released = new CompletableFuture<>();
            waiting.addLast(released);
            // a connection that leaves while it waits (its wait is cancelled) is no longer counted
            released.whenComplete((ignored, failure) -> forget(released));
            int now = waiting();
            List<Watcher> satisfied = watchers.stream().filter(w -> now >= w.count()).toList();
            watchers.removeAll(satisfied);
            satisfied.forEach(watcher -> watcher.future().complete(now));
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
            CompletableFuture<Integer> future = new CompletableFuture<>();
            if (waiting() >= count) {
                future.complete(waiting());
            } else {
                Watcher watcher = new Watcher(count, future);
                watchers.add(watcher);
                future.whenComplete((n, failure) -> {
                    synchronized (this) {
                        watchers.remove(watcher);
                    }
                });
            }
            return future;
        }

        @Override
        public void removed() {
            releaseAll();
        }
    }
}
