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
 */
public record Activation(Step at, Integer times, int skip, double probability, long seed, Match match,
                         Duration expiresAfter) {
    public Activation {
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
