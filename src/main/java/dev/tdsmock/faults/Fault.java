package dev.tdsmock.faults;

/** One fault type's behaviour with its own settings: what it does when it fires. */
@FunctionalInterface
public interface Fault {
    /** @param arrival the connection at the fault's step */
    Effect effect(Arrival arrival);
}
