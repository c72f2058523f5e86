package dev.tdsmock.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Connections opened and closed per client address, and which side closed first (that side holds the
 * TIME_WAIT), as the KB on non-pooled clients asks to watch. Per-minute figures come from sixty one-second
 * buckets, so memory stays the same whatever the rate.
 */
public final class ChurnCounters {
    /** Addresses beyond this many are counted together under {@link #OTHER_ADDRESSES}. */
    public static final int MAX_ADDRESSES = 10_000;
    public static final String OTHER_ADDRESSES = "other";

    /** One address's counters at one moment; rates are averages over the last minute. */
    public record Snapshot(String address, long opened, long closed, long closedFirstByClient,
                           long closedFirstByServer, int openedLastMinute, int closedLastMinute) {
        public double openedPerSecond() {
            return openedLastMinute / 60.0;
        }

        public double closedPerSecond() {
            return closedLastMinute / 60.0;
        }
    }

    private final Map<String, AddressCounters> byAddress = new ConcurrentHashMap<>();
    private volatile int warnPerMinute;
    private final LongSupplier clockMillis;

    public ChurnCounters(int warnPerMinute) {
        this(warnPerMinute, System::currentTimeMillis);
    }

    ChurnCounters(int warnPerMinute, LongSupplier clockMillis) {
        this.warnPerMinute = warnPerMinute;
        this.clockMillis = clockMillis;
    }

    /**
     * Counts a new connection; returns true exactly once per minute and address when the address has opened
     * more than the warning threshold within the last minute.
     */
    public boolean opened(String address) {
        return counters(address).opened(clockMillis.getAsLong(), warnPerMinute);
    }

    /** The threshold above which {@link #opened} warns. */
    public int warnPerMinute() {
        return warnPerMinute;
    }

    /** A new threshold, from now on. */
    public void warnPerMinute(int warnPerMinute) {
        this.warnPerMinute = warnPerMinute;
    }

    public void closed(String address, boolean serverClosedFirst) {
        counters(address).closed(clockMillis.getAsLong(), serverClosedFirst);
    }

    public Optional<Snapshot> of(String address) {
        AddressCounters counters = byAddress.get(address);
        return counters == null ? Optional.empty() : Optional.of(counters.snapshot(address, clockMillis.getAsLong()));
    }

    public List<Snapshot> all() {
        long now = clockMillis.getAsLong();
        List<Snapshot> snapshots = new ArrayList<>();
        byAddress.forEach((address, counters) -> snapshots.add(counters.snapshot(address, now)));
        return snapshots;
    }

    public void clear() {
        byAddress.clear();
    }

    private AddressCounters counters(String address) {
        AddressCounters counters = byAddress.get(address);
        if (counters != null) {
            return counters;
        }
        String key = byAddress.size() >= MAX_ADDRESSES ? OTHER_ADDRESSES : address;
        return byAddress.computeIfAbsent(key, k -> new AddressCounters());
    }

    private static final class AddressCounters {
        private final SecondBuckets openings = new SecondBuckets();
        private final SecondBuckets closings = new SecondBuckets();
        private long opened;
        private long closed;
        private long closedByClient;
        private long closedByServer;
        private long lastWarnedMinute = -1;

        synchronized boolean opened(long now, int warnPerMinute) {
            opened++;
            openings.add(now);
            long minute = now / 60_000;
            if (openings.lastMinute(now) > warnPerMinute && lastWarnedMinute != minute) {
                lastWarnedMinute = minute;
                return true;
            }
            return false;
        }

        synchronized void closed(long now, boolean serverFirst) {
            closed++;
            closings.add(now);
            if (serverFirst) {
                closedByServer++;
            } else {
                closedByClient++;
            }
        }

        synchronized Snapshot snapshot(String address, long now) {
            return new Snapshot(address, opened, closed, closedByClient, closedByServer, openings.lastMinute(now),
                    closings.lastMinute(now));
        }
    }

    /** Counts per second over the last sixty seconds. */
    private static final class SecondBuckets {
        private final int[] counts = new int[60];
        private final long[] seconds = new long[60];

        void add(long nowMillis) {
            long second = nowMillis / 1000;
            int slot = (int) (second % 60);
            if (seconds[slot] != second) {
                seconds[slot] = second;
                counts[slot] = 0;
            }
            counts[slot]++;
        }

        int lastMinute(long nowMillis) {
            long second = nowMillis / 1000;
            int total = 0;
            for (int slot = 0; slot < 60; slot++) {
                if (second - seconds[slot] < 60) {
                    total += counts[slot];
                }
            }
            return total;
        }
    }
}
