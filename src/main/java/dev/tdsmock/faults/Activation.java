package dev.tdsmock.faults;

import java.time.Duration;

/**
 * When a fault fires, with the keys of a fail point: at its step, for the connections its {@code match}
 * takes, after letting the first {@code skip} of them through, at most {@code times} times, each time with
 * {@code probability} drawn from a generator seeded with {@code seed}, until {@code expiresAfter} has passed
 * since the fault was added.
 *
 * @param times null for no limit
 * @param skip how many matching arrivals at the step go through untouched before the fault may fire
 *             (arrivals are connections, or requests for {@code at = request})
 * @param probability 0 to 1
 * @param expiresAfter null for never
 * @param idleAfter at {@code idle}: how long the session has sent nothing before the fault is consulted; else null
 */
public record Activation(Step at, Integer times, int skip, double probability, long seed, Match match,
                         Duration expiresAfter, Duration idleAfter) {
    public Activation {
        if ((at == Step.IDLE) != (idleAfter != null)) {
            throw new IllegalArgumentException(at == Step.IDLE ? "'after' is missing: how long the session is idle "
                    + "before the fault acts, e.g. after = 30s" : "'after' is for at = idle");
        }
        if (idleAfter != null && (idleAfter.isNegative() || idleAfter.isZero())) {
            throw new IllegalArgumentException("'after' must be longer than 0");
        }
        if (times != null && times < 0) {
            throw new IllegalArgumentException("'times' " + times + " is below 0");
        }
        if (skip < 0) {
            throw new IllegalArgumentException("'skip' " + skip + " is below 0");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("'probability' " + probability + " is not between 0 and 1");
        }
        if (expiresAfter != null && (expiresAfter.isNegative() || expiresAfter.isZero())) {
            throw new IllegalArgumentException("'expires-after' must be longer than 0");
        }
    }
}
