package dev.tdsmock.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs one kind of connection from {@code concurrency} clients at once, each starting its next as soon as its last
 * ended, until {@code cycles} were started or {@code time} passed, whichever comes first.
 */
final class Load {
    private Load() {
    }

    /**
     * What a run did: how many connections succeeded and failed, in how long, the first failure, and each
     * success's own figure (the nanoseconds the connection's future gave), in the order they ended.
     */
    record Result(long succeeded, long failed, long elapsedNanos, String firstFailure, long[] figures) {
        double perSecond() {
            return succeeded / (elapsedNanos / 1e9);
        }

        double seconds() {
            return elapsedNanos / 1e9;
        }

        /** The figure at quantile q (0..1) of the successes, in milliseconds. */
        double quantileMillis(double q) {
            long[] sorted = figures.clone();
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    static Result run(int concurrency, long cycles, Duration time, Supplier<CompletableFuture<Long>> connection)
            throws InterruptedException {
        AtomicLong started = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long[] figures = new long[(int) Math.min(cycles, 5_000_000)];
        AtomicLong recorded = new AtomicLong();
        CountDownLatch clientsDone = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        for (int i = 0; i < concurrency; i++) {
            next(new Loop(connection, cycles, deadline, started, succeeded, failed, firstFailure, figures, recorded,
                    clientsDone));
        }
        if (!clientsDone.await(time.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the clients did not finish within a minute after the run's time");
        }
        long elapsed = System.nanoTime() - start;
        int count = (int) Math.min(recorded.get(), figures.length);
        return new Result(succeeded.get(), failed.get(), elapsed, firstFailure.get(), Arrays.copyOf(figures, count));
    }

    private record Loop(Supplier<CompletableFuture<Long>> connection, long cycles, long deadline, AtomicLong started,
                        AtomicLong succeeded, AtomicLong failed, AtomicReference<String> firstFailure, long[] figures,
                        AtomicLong recorded, CountDownLatch done) {
    }

    private static void next(Loop loop) {
        if (System.nanoTime() >= loop.deadline() || loop.started().incrementAndGet() > loop.cycles()) {
            loop.done().countDown();
            return;
        }
        loop.connection().get().whenComplete((figure, failure) -> {
            if (failure == null) {
                loop.succeeded().incrementAndGet();
                long at = loop.recorded().getAndIncrement();
                if (at < loop.figures().length) {
                    loop.figures()[(int) at] = figure;
                }
            } else {
                loop.failed().incrementAndGet();
                loop.firstFailure().compareAndSet(null, String.valueOf(failure));
            }
            next(loop);
        });
    }
}
