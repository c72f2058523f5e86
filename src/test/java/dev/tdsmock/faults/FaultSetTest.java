package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.Ending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The activation keys of a fail point, on a fault set with a clock the test moves. */
class FaultSetTest {
    private final AtomicLong nanos = new AtomicLong();
    private final FaultSet faults = new FaultSet(nanos::get, FaultContext.NONE);

    private InstalledFault add(String fault) {
        return faults.add(FaultReader.read(fault));
    }

    private static Arrival at(Step step) {
        return new Arrival(step, 1, "127.0.0.1", null);
    }

    private List<Boolean> arrivals(Step step, int count) {
        List<Boolean> fired = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fired.add(!faults.arrive(at(step)).isEmpty());
        }
        return fired;
    }

    @Test
    void skipThenTimes() {
        InstalledFault fault = add("{ type = close, at = login, skip = 2, times = 3 }");
        assertEquals(List.of(false, false, true, true, true, false, false), arrivals(Step.LOGIN, 7));
        assertEquals(3, fault.fired());
        assertEquals(0, fault.left());
    }

    @Test
    void onlyItsOwnStep() {
        InstalledFault fault = add("{ type = close, at = request }");
        assertEquals(List.of(false, false), arrivals(Step.LOGIN, 2));
        assertEquals(List.of(true), arrivals(Step.REQUEST, 1));
        assertEquals(1, fault.fired());
        assertEquals(null, fault.left(), "no times: no limit");
    }

    @Test
    void theSameSeedMakesTheSameChoices() {
        add("{ type = close, at = login, probability = 0.3, seed = 42 }");
        List<Boolean> first = arrivals(Step.LOGIN, 200);
        faults.replaceWith(List.of(FaultReader.read("{ type = close, at = login, probability = 0.3, seed = 42 }")));
        assertEquals(first, arrivals(Step.LOGIN, 200));
        // java.util.Random(42): of 200 draws, those below 0.3 fire
        java.util.Random expected = new java.util.Random(42);
        List<Boolean> drawn = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            drawn.add(expected.nextDouble() < 0.3);
        }
        assertEquals(drawn, first);
        assertTrue(first.contains(true) && first.contains(false));
    }

    @Test
    void probabilityZeroNeverAndOneAlways() {
        add("{ type = close, at = login, probability = 0 }");
        assertFalse(arrivals(Step.LOGIN, 50).contains(true));
        faults.clear();
        add("{ type = close, at = login, probability = 1 }");
        assertFalse(arrivals(Step.LOGIN, 50).contains(false));
    }

    @Test
    void matchOnTheClientAddress() {
        add("{ type = close, at = accept, match { client-address = \"10\\\\..*\" } }");
        assertTrue(faults.arrive(at(Step.ACCEPT)).isEmpty(), "127.0.0.1 is not 10.*");
        assertEquals(1, faults.arrive(new Arrival(Step.ACCEPT, 2, "10.1.2.3", null)).size());
    }

    @Test
    void expiresAfterItsTime() {
        InstalledFault fault = add("{ type = close, at = login, expires-after = 2s }");
        assertEquals(List.of(true), arrivals(Step.LOGIN, 1));
        nanos.addAndGet(Duration.ofMillis(1999).toNanos());
        assertEquals(List.of(true), arrivals(Step.LOGIN, 1));
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(List.of(false), arrivals(Step.LOGIN, 1));
        assertTrue(faults.all().isEmpty(), "gone from the list");
        assertEquals(2, fault.fired());
    }

    @Test
    void delaysAddUpAndTheFirstEndingDecides() {
        add("{ type = delay, at = login, for = 1s }");
        add("{ type = close, at = login, ending = fin }");
        InstalledFault after = add("{ type = close, at = login, ending = rst }");
        add("{ type = delay, at = login, for = 2s }");
        List<Firing> firings = faults.arrive(at(Step.LOGIN));
        assertEquals(List.of("f1", "f2"), firings.stream().map(Firing::id).toList());
        assertEquals(new Effect.End(Ending.Kind.FIN), firings.get(1).effect());
        assertEquals(0, after.fired(), "not consulted after the fault that decided");
    }

    @Test
    void firedAtLeastCompletesWhenItFired() {
        InstalledFault fault = add("{ type = close, at = login }");
        var future = fault.firedAtLeast(2);
        arrivals(Step.LOGIN, 1);
        assertFalse(future.isDone());
        arrivals(Step.LOGIN, 1);
        assertEquals(2, future.join());
        assertTrue(fault.firedAtLeast(1).isDone());
    }

    @Test
    void removeAndClear() {
        InstalledFault one = add("{ type = close, at = login }");
        add("{ type = close, at = request }");
        assertTrue(faults.remove(one.id()));
        assertFalse(faults.remove(one.id()));
        assertEquals(1, faults.all().size());
        assertEquals(1, faults.clear());
        assertTrue(faults.all().isEmpty());
    }
}
