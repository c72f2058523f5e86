package dev.tdsmock.junit;

import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.faults.FaultSet;
import dev.tdsmock.faults.InstalledFault;
import dev.tdsmock.faults.types.GateFault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The server's faults as a test changes them while it runs: {@code mock.faults().add("{ type = close, at =
 * request, ending = rst }")}. Keys as in a scenario's {@code faults}; see scenario-defaults.conf.
 */
public final class TdsMockFaults {
    private final FaultSet faults;

    TdsMockFaults(FaultSet faults) {
        this.faults = faults;
    }

    /**
     * Adds one fault, given in HOCON or JSON, after those in force.
     *
     * @throws IllegalArgumentException naming the key that is wrong
     */
    public Fault add(String fault) {
        return new Fault(faults.add(FaultReader.read(fault)));
    }

    /** The faults in force, oldest first. */
    public List<Fault> all() {
        return faults.all().stream().map(Fault::new).toList();
    }

    /** Removes every fault. */
    public void clear() {
        faults.clear();
    }

    /** One fault in force. */
    public final class Fault {
        private final InstalledFault installed;

        private Fault(InstalledFault installed) {
            this.installed = installed;
        }

        public String id() {
            return installed.id();
        }

        /** How many times it has fired. */
        public int fired() {
            return installed.fired();
        }

        /** Waits until it has fired at least {@code count} times; fails the test with an AssertionError when not within {@code timeout}. */
        public void awaitFired(int count, Duration timeout) {
            await(installed.firedAtLeast(count), timeout,
                    () -> "fault " + id() + " fired " + fired() + " times, not " + count);
        }

        /** A gate: how many connections wait at it now. */
        public int waiting() {
            return gate().waiting();
        }

        /** A gate: waits until at least {@code count} connections wait at it; an AssertionError when not within {@code timeout}. */
        public void awaitWaiting(int count, Duration timeout) {
            await(gate().waitingAtLeast(count), timeout,
                    () -> waiting() + " connections wait at gate " + id() + ", not " + count);
        }

        private void await(CompletableFuture<Integer> until, Duration timeout, Supplier<String> notYet) {
            try {
                until.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                until.cancel(false);
                throw new AssertionError(notYet.get() + ", within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting on fault " + id(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        /** A gate: lets the {@code count} longest-waiting connections through; returns how many went. */
        public int release(int count) {
            return gate().release(count);
        }

        /** A gate: lets every waiting connection through; returns how many went. */
        public int releaseAll() {
            return gate().releaseAll();
        }

        private GateFault.Gate gate() {
            if (installed.fault() instanceof GateFault.Gate gate) {
                return gate;
            }
            throw new IllegalStateException("fault " + id() + " is a " + installed.definition().type()
                    + " fault, not a gate");
        }

        /** Takes it out; connections that arrive at its step from now on do not meet it. */
        public void remove() {
            faults.remove(installed.id());
        }

        @Override
        public String toString() {
            return installed.id() + " " + installed.definition().given() + " fired " + fired();
        }
    }
}
