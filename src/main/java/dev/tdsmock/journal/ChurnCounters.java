package dev.tdsmock.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Connections opened and closed per client address, which side closed first (that side holds the TIME_WAIT),
 * and the client ports each address holds as a Windows client without pooling would: its open connections plus
 * the ones it closed first within the last TIME_WAIT delay (KB 328476, "TCP/IP settings you may have to adjust
 * when SQL Server connection pooling is disabled": each socket the client closes stays in TIME_WAIT four minutes;
 * 4000 of them within four minutes reach the default maximum of the client's anonymous ports). Per-minute figures
 * come from sixty one-second buckets and TIME_WAIT from one bucket per second of the delay, so memory stays the
 * same whatever the rate.
 */
public final class ChurnCounters {
    /** Addresses beyond this many are counted together under {@link #OTHER_ADDRESSES}. */
    public static final int MAX_ADDRESSES = 10_000;
    public static final String OTHER_ADDRESSES = "other";

    /**
     * The thresholds and the client's port budget.
     *
     * @param warnPerMinute connections one address may open within a minute before a warning
     * @param timeWait how long a socket the client closed first holds its port (whole seconds, at least 1;
     *                 TcpTimedWaitDelay, 240 s by default)
     * @param clientPorts the client ports one address has (MaxUserPort's range; about 4000 by default)
     * @param warnPortsPercent the share of {@code clientPorts} in use (0-100) above which a warning is logged
     */
    public record Limits(int warnPerMinute, Duration timeWait, int clientPorts, int warnPortsPercent) {
        public Limits {
            if (timeWait.isNegative() || timeWait.toMillis() % 1000 != 0 || timeWait.toSeconds() < 1) {
                throw new IllegalArgumentException("churn.time-wait " + timeWait + " is not a whole number of seconds"
                        + " from 1 s");
            }
            if (clientPorts < 1) {
                throw new IllegalArgumentException("churn.client-ports " + clientPorts + " is below 1");
            }
            if (warnPortsPercent < 0 || warnPortsPercent > 100) {
                throw new IllegalArgumentException("churn.warn-ports-percent " + warnPortsPercent
                        + " is not within 0-100");
            }
        }

        /** The KB's figures: 240 s of TIME_WAIT, 4000 client ports, a warning at 80 %. */
        public static Limits of(int warnPerMinute) {
            return new Limits(warnPerMinute, Duration.ofSeconds(240), 4000, 80);
        }
    }

    /**
     * The client ports one address holds at one moment.
     *
     * @param clientTimeWait connections this address closed first within the last {@code timeWaitSeconds}
     *                       (their ports are in TIME_WAIT on the client); resets and server-first closes are not
     * @param open its connections open now
     * @param clientPorts its budget ({@link Limits#clientPorts()})
     * @param timeWaitSeconds the TIME_WAIT delay, seconds
     * @param oldestTimeWaitEnds when the oldest of those TIME_WAITs ends (to the second), or null when none
     */
    public record Ports(int clientTimeWait, int open, int clientPorts, long timeWaitSeconds,
                        Instant oldestTimeWaitEnds) {
        /** Ports in use: TIME_WAIT plus open. */
        public int used() {
            return clientTimeWait + open;
        }

        /** {@link #used()} as a share of the budget, percent (may pass 100 when nothing refuses). */
        public double usedPercent() {
            return 100.0 * used() / clientPorts;
        }

        /** True when a Windows client with this budget would have no port left for a new connection. */
        public boolean spent() {
            return used() >= clientPorts;
        }

        /** In words, for the log and the journal. */
        public String describe() {
            return used() + " of " + clientPorts + " client ports (" + clientTimeWait + " in TIME_WAIT within "
                    + timeWaitSeconds + "s, " + open + " open)"
                    + (oldestTimeWaitEnds == null ? "" : "; the oldest TIME_WAIT ends at " + oldestTimeWaitEnds);
        }
    }

    /**
     * What counting a new connection found.
     *
     * @param countedAs the address it was counted under: its own, or {@link #OTHER_ADDRESSES} beyond
     *                  {@link #MAX_ADDRESSES}
     * @param before the ports of {@code countedAs} before this connection took one
     * @param rateWarning true once per minute and address when it opened more than warnPerMinute within a minute
     * @param portsWarning true when the address's ports in use, this connection's included, pass warnPortsPercent
     *                     of the budget, at most once per TIME_WAIT delay (since its last such warning) and address
     */
    public record Opening(String countedAs, Ports before, boolean rateWarning, boolean portsWarning) {
    }

    /** One address's counters at one moment; rates are averages over the last minute. */
    public record Snapshot(String address, long opened, long closed, long closedFirstByClient,
                           long closedFirstByServer, long refused, int openedLastMinute, int closedLastMinute,
                           Ports ports) {
        public double openedPerSecond() {
            return openedLastMinute / 60.0;
        }

        public double closedPerSecond() {
            return closedLastMinute / 60.0;
        }
    }

    private final Map<String, AddressCounters> byAddress = new ConcurrentHashMap<>();
    private volatile Limits limits;
    private final LongSupplier clockMillis;

    public ChurnCounters(Limits limits) {
        this(limits, System::currentTimeMillis);
    }

    /** @param clockMillis epoch milliseconds; tests drive it */
    ChurnCounters(Limits limits, LongSupplier clockMillis) {
        this.limits = limits;
        this.clockMillis = clockMillis;
    }

    /** Counts a new connection (it holds a client port until it closes). */
    public Opening opened(String address) {
        String key = key(address);
        return byAddress.computeIfAbsent(key, k -> new AddressCounters()).opened(key, clockMillis.getAsLong(), limits);
    }

    /** The threshold above which {@link #opened} warns of the rate. */
    public int warnPerMinute() {
        return limits.warnPerMinute();
    }

    public Limits limits() {
        return limits;
    }

    /** New thresholds and budget, from now on; a shorter TIME_WAIT drops the closes older than it. */
    public void limits(Limits limits) {
        this.limits = limits;
    }

    /**
     * Counts a connection's end. The client holds a TIME_WAIT when it closed first in order (not by a reset);
     * the server's closes and resets leave none on the client.
     *
     * @return the address's ports after this close
     */
    public Ports closed(String address, Ending ending) {
        boolean serverFirst = ending.by() == Ending.Side.SERVER;
        boolean clientTimeWait = !serverFirst && ending.kind() != Ending.Kind.RST;
        return counters(address).closed(clockMillis.getAsLong(), limits, serverFirst, clientTimeWait);
    }

    /** Counts a connection turned away because the address had spent its ports (it is counted closed as well). */
    public void refused(String address) {
        counters(address).refused();
    }

    public Optional<Snapshot> of(String address) {
        AddressCounters counters = byAddress.get(address);
        return counters == null ? Optional.empty()
                : Optional.of(counters.snapshot(address, clockMillis.getAsLong(), limits));
    }

    public List<Snapshot> all() {
        long now = clockMillis.getAsLong();
        Limits current = limits;
        List<Snapshot> snapshots = new ArrayList<>();
        byAddress.forEach((address, counters) -> snapshots.add(counters.snapshot(address, now, current)));
        return snapshots;
    }

    public void clear() {
        byAddress.clear();
    }

    private AddressCounters counters(String address) {
        return byAddress.computeIfAbsent(key(address), k -> new AddressCounters());
    }

    private String key(String address) {
        return byAddress.containsKey(address) || byAddress.size() < MAX_ADDRESSES ? address : OTHER_ADDRESSES;
    }

    private static final class AddressCounters {
        private final SecondBuckets openings = new SecondBuckets();
        private final SecondBuckets closings = new SecondBuckets();
        private TimeWaitWindow timeWait;
        private long opened;
        private long closed;
        private long closedByClient;
        private long closedByServer;
        private long refused;
        private long lastWarnedMinute = -1;
        private long lastPortsWarning = Long.MIN_VALUE;

        synchronized Opening opened(String key, long now, Limits limits) {
            Ports before = ports(now, limits);
            opened++;
            openings.add(now);
            long minute = now / 60_000;
            boolean rate = false;
            if (openings.lastMinute(now) > limits.warnPerMinute() && lastWarnedMinute != minute) {
                lastWarnedMinute = minute;
                rate = true;
            }
            boolean ports = false;
            if (100L * (before.used() + 1) > (long) limits.warnPortsPercent() * limits.clientPorts()
                    && (lastPortsWarning == Long.MIN_VALUE || now - lastPortsWarning >= limits.timeWait().toMillis())) {
                lastPortsWarning = now;
                ports = true;
            }
            return new Opening(key, before, rate, ports);
        }

        synchronized Ports closed(long now, Limits limits, boolean serverFirst, boolean clientTimeWait) {
            closed++;
            closings.add(now);
            if (serverFirst) {
                closedByServer++;
            } else {
                closedByClient++;
            }
            if (clientTimeWait) {
                window(now, limits).add(now);
            }
            return ports(now, limits);
        }

        synchronized void refused() {
            refused++;
        }

        synchronized Snapshot snapshot(String address, long now, Limits limits) {
            return new Snapshot(address, opened, closed, closedByClient, closedByServer, refused,
                    openings.lastMinute(now), closings.lastMinute(now), ports(now, limits));
        }

        private Ports ports(long now, Limits limits) {
            TimeWaitWindow window = timeWait == null ? null : window(now, limits);
            int inTimeWait = window == null ? 0 : window.count(now);
            long ends = window == null ? -1 : window.oldestEnds(now);
            return new Ports(inTimeWait, (int) (opened - closed), limits.clientPorts(), limits.timeWait().toSeconds(),
                    ends < 0 ? null : Instant.ofEpochMilli(ends));
        }

        private TimeWaitWindow window(long now, Limits limits) {
            int seconds = (int) limits.timeWait().toSeconds();
            if (timeWait == null) {
                timeWait = new TimeWaitWindow(seconds);
            } else if (timeWait.seconds() != seconds) {
                timeWait = timeWait.resized(seconds, now);
            }
            return timeWait;
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
