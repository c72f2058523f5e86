package dev.tdsmock.journal;

/**
 * Closes counted per second over the last {@code seconds} seconds: how many sockets are still in TIME_WAIT
 * when each stays there that long (TcpTimedWaitDelay, KB 328476). Memory is one slot per second of the window,
 * whatever the rate. A close made in second {@code s} (milliseconds / 1000) is counted until second
 * {@code s + seconds} begins: exactly {@code seconds} after it when it fell on a whole second, up to one second
 * sooner otherwise. Not thread-safe: its owner synchronizes.
 */
final class TimeWaitWindow {
    private final int seconds;
    private final int[] counts;
    private final long[] slotSeconds;

    /** @param seconds the length of the window, at least 1 */
    TimeWaitWindow(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("a TIME_WAIT window of " + seconds + " s");
        }
        this.seconds = seconds;
        this.counts = new int[seconds];
        this.slotSeconds = new long[seconds];
        java.util.Arrays.fill(slotSeconds, Long.MIN_VALUE);
    }

    int seconds() {
        return seconds;
    }

    /** Counts one close at this time (epoch milliseconds). */
    void add(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        int slot = (int) Math.floorMod(second, (long) seconds);
        if (slotSeconds[slot] != second) {
            slotSeconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot]++;
    }

    /** The closes still within the window at this time. */
    int count(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        int total = 0;
        for (int slot = 0; slot < seconds; slot++) {
            if (live(slot, second)) {
                total += counts[slot];
            }
        }
        return total;
    }

    /** When the oldest close still in the window leaves it (epoch milliseconds), or -1 when there is none. */
    long oldestEnds(long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        long oldest = Long.MAX_VALUE;
        for (int slot = 0; slot < seconds; slot++) {
            if (live(slot, second) && counts[slot] > 0) {
                oldest = Math.min(oldest, slotSeconds[slot]);
            }
        }
        return oldest == Long.MAX_VALUE ? -1 : (oldest + seconds) * 1000;
    }

    /** The same closes in a window of another length: those older than the new length are dropped. */
    TimeWaitWindow resized(int newSeconds, long nowMillis) {
        TimeWaitWindow resized = new TimeWaitWindow(newSeconds);
        long second = Math.floorDiv(nowMillis, 1000);
        for (int slot = 0; slot < seconds; slot++) {
            if (live(slot, second) && second - slotSeconds[slot] < newSeconds) {
                int to = (int) Math.floorMod(slotSeconds[slot], (long) newSeconds);
                resized.slotSeconds[to] = slotSeconds[slot];
                resized.counts[to] = counts[slot];
            }
        }
        return resized;
    }

    private boolean live(int slot, long second) {
        long age = second - slotSeconds[slot];
        return slotSeconds[slot] != Long.MIN_VALUE && age >= 0 && age < seconds;
    }
}
