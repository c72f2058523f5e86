package dev.tdsmock.faults;

import java.net.InetSocketAddress;

/** What a listener offers the faults it installs: listeners of its own process to send clients to. */
@FunctionalInterface
public interface FaultContext {
    /**
     * Where this process serves {@code scenario}: a listener already serving it, or one started on a free port.
     *
     * @throws IllegalArgumentException when there is no such scenario
     */
    InetSocketAddress serve(String scenario);

    /** For faults installed where no listener can be started (unit tests of the engine). */
    FaultContext NONE = scenario -> {
        throw new IllegalArgumentException("no listener can be started for scenario '" + scenario + "' here");
    };
}
