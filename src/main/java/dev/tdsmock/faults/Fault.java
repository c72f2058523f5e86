package dev.tdsmock.faults;

/** One fault type's behaviour with its own settings: what it does when it fires. */
@FunctionalInterface
public interface Fault {
    /** @param arrival the connection at the fault's step */
    Effect effect(Arrival arrival);

    /**
     * Whether this arrival is one the fault acts on at all, beyond its {@code match} (a route for read-only
     * intent only); an arrival it does not apply to is not counted by {@code skip}, {@code times} or probability.
     */
    default boolean appliesTo(Arrival arrival) {
        return true;
    }

    /**
     * The instance a listener installs: a fault with state of its own (a gate's waiting connections) gives a new
     * one each time, so that two installations of one definition share nothing; one that names a scenario gets
     * its listener from {@code context}.
     *
     * @throws IllegalArgumentException when it cannot be installed (a scenario that does not exist)
     */
    default Fault install(FaultContext context) {
        return this;
    }

    /** It has left the listener's fault list: whatever it holds must let go. */
    default void removed() {
    }
}
