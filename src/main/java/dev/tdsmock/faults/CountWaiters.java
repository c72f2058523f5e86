package dev.tdsmock.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Futures that complete once a count (times a fault fired, connections waiting at a gate) reaches what each
 * waits for. A future given up (timed out, cancelled) is forgotten.
 */
public final class CountWaiters {
    private final List<Waiter> waiters = new ArrayList<>();

    private record Waiter(int count, CompletableFuture<Integer> future) {
    }

    /** Completes with the count once it is at least {@code count}; at once when {@code now} already is. */
    public CompletableFuture<Integer> atLeast(int count, int now) {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        if (now >= count) {
            future.complete(now);
            return future;
        }
        Waiter waiter = new Waiter(count, future);
        synchronized (this) {
            waiters.add(waiter);
        }
        future.whenComplete((reached, failure) -> {
            synchronized (this) {
                waiters.remove(waiter);
            }
        });
        return future;
    }

    /** The count is {@code now}: completes every future waiting for it. Call it outside the counter's lock. */
    public void reached(int now) {
        List<Waiter> satisfied;
        synchronized (this) {
            satisfied = waiters.stream().filter(waiter -> now >= waiter.count()).toList();
        }
        satisfied.forEach(waiter -> waiter.future().complete(now));
    }
}
