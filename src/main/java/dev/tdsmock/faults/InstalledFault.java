package dev.tdsmock.faults;

import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * A fault in a listener's {@link FaultSet}: its definition and the counters of its activation. Connections
 * on any event loop arrive at it; its decisions are made one at a time, so that with the same seed and the
 * same order of arrivals it makes the same choices.
 */
public final class InstalledFault {
    /** What the fault decided for one arrival. */
    enum Decision { FIRE, PASS, EXPIRED }

    private final String id;
    private final FaultDefinition definition;
    private final Fault fault;
    private final Random random;
    private final long expiresAtNanos;
    private final CountWaiters firedWaiters = new CountWaiters();
    private int skipped;
    private int fired;

    InstalledFault(String id, FaultDefinition definition, long nowNanos, FaultContext context) {
        this.id = id;
        this.definition = definition;
        this.fault = definition.fault().install(context);
        this.random = new Random(definition.activation().seed());
        this.expiresAtNanos = definition.activation().expiresAfter() == null ? Long.MAX_VALUE
                : nowNanos + definition.activation().expiresAfter().toNanos();
    }

    public String id() {
        return id;
    }

    public FaultDefinition definition() {
        return definition;
    }

    /** Its behaviour, as installed here (a gate of its own). */
    public Fault fault() {
        return fault;
    }

    synchronized Decision decide(Arrival arrival, long nowNanos) {
        Activation activation = definition.activation();
        if (expired(nowNanos)) {
            return Decision.EXPIRED;
        }
        if (!activation.match().matches(arrival) || !fault.appliesTo(arrival)) {
            return Decision.PASS;
        }
        if (skipped < activation.skip()) {
            skipped++;
            return Decision.PASS;
        }
        if (activation.times() != null && fired >= activation.times()) {
            return Decision.PASS;
        }
        if (activation.probability() < 1 && random.nextDouble() >= activation.probability()) {
            return Decision.PASS;
        }
        fired++;
        return Decision.FIRE;
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0 && expiresAtNanos != Long.MAX_VALUE;
    }

    /** How many times it has fired. */
    public synchronized int fired() {
        return fired;
    }

    /** How many more times it may fire, or null when {@code times} sets no limit. */
    public synchronized Integer left() {
        Integer times = definition.activation().times();
        return times == null ? null : Math.max(0, times - fired);
    }

    /** Completes with the count once the fault has fired at least {@code count} times. */
    public synchronized CompletableFuture<Integer> firedAtLeast(int count) {
        return firedWaiters.atLeast(count, fired);
    }

    /** Tells those waiting on {@link #firedAtLeast} that it fired; called after {@link #decide}, outside its lock. */
    void announceFired() {
        firedWaiters.reached(fired());
    }
}
