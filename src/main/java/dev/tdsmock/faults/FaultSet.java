package dev.tdsmock.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The faults of one listener, in order, changed at run time by the control API and tests while
 * connections arrive at them. At a step, faults are consulted in their order: holds add up, gates are waited
 * at, and the first fault that ends the connection or answers in the server's place decides; those after it are
 * not consulted.
 */
public final class FaultSet {
    private final List<InstalledFault> faults = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final LongSupplier clock;
    private final FaultContext context;

    public FaultSet(FaultContext context) {
        this(System::nanoTime, context);
    }

    /** @param clock nanoseconds, for expires-after */
    public FaultSet(LongSupplier clock, FaultContext context) {
        this.clock = clock;
        this.context = context;
    }

    /** @throws IllegalArgumentException when the fault cannot be installed here (a scenario that does not exist) */
    public InstalledFault add(FaultDefinition definition) {
        InstalledFault fault = new InstalledFault("f" + ids.incrementAndGet(), definition, clock.getAsLong(), context);
        faults.add(fault);
        return fault;
    }

    /** Removes every fault and adds these, as a scenario lists them. */
    public synchronized void replaceWith(List<FaultDefinition> definitions) {
        clear();
        definitions.forEach(this::add);
    }

    /** The faults in force, oldest first; expired ones are dropped. */
    public List<InstalledFault> all() {
        dropExpired();
        return List.copyOf(faults);
    }

    public Optional<InstalledFault> get(String id) {
        return all().stream().filter(f -> f.id().equals(id)).findFirst();
    }

    public boolean remove(String id) {
        return removeIf(f -> f.id().equals(id)) > 0;
    }

    /** @return how many were removed */
    public int clear() {
        return removeIf(f -> true);
    }

    private int removeIf(java.util.function.Predicate<InstalledFault> which) {
        int count = 0;
        for (InstalledFault fault : faults) {
            if (which.test(fault) && faults.remove(fault)) {
                fault.fault().removed();
                count++;
            }
        }
        return count;
    }

    /** The faults that fire on this arrival, in order; the caller applies their effects. */
    public List<Firing> arrive(Arrival arrival) {
        return arrive(arrival, fault -> true);
    }

    /** The same, consulting only the faults {@code which} takes (an idle session meets each fault at its own time). */
    public List<Firing> arrive(Arrival arrival, java.util.function.Predicate<InstalledFault> which) {
        List<Firing> firings = new ArrayList<>(1);
        long now = clock.getAsLong();
        for (InstalledFault fault : faults) {
            if (fault.definition().at() != arrival.step() || !which.test(fault)) {
                continue;
            }
            InstalledFault.Decision decision = fault.decide(arrival, now);
            if (decision == InstalledFault.Decision.EXPIRED) {
                removeIf(f -> f == fault);
            } else if (decision == InstalledFault.Decision.FIRE) {
                fault.announceFired();
                Effect effect = fault.fault().effect(arrival);
                firings.add(new Firing(fault.id(), fault.definition().type(), arrival.step(), effect));
                if (!(effect instanceof Effect.Hold) && !(effect instanceof Effect.Wait)) {
                    break;
                }
            }
        }
        return firings;
    }

    private void dropExpired() {
        long now = clock.getAsLong();
        removeIf(f -> f.expired(now));
    }
}
