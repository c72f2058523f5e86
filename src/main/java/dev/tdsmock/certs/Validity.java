package dev.tdsmock.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A certificate's validity period (RFC 5280 section 4.1.2.5) asked for relative to the current date: it starts
 * {@code from} after now (negative: before now) and lasts {@code length}; both are calendar periods in UTC.
 */
record Validity(Period from, Period length) {

    /** Stored certificates meant to be out of date are issued again once their start is this far from the asked one. */
    static final Duration DRIFT = Duration.ofDays(1);

    /** A day before now, for two years: clients whose clock is somewhat behind still accept it. */
    static final Validity STANDARD = new Validity(Period.ofDays(-1), Period.ofYears(2));

    /** Where a period stands at an instant: RFC 5280 section 6.1.3 (a)(2) checks that it is current. */
    enum State { NOT_YET_VALID, CURRENT, EXPIRED }

    Validity {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a validity period lasts more than nothing: " + length);
        }
    }

    /** notBefore for a certificate issued at {@code now}, in whole seconds (what X.509 time can hold). */
    Instant notBefore(Instant now) {
        return now.atOffset(ZoneOffset.UTC).plus(from).toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    Instant notAfter(Instant notBefore) {
        return notBefore.atOffset(ZoneOffset.UTC).plus(length).toInstant();
    }

    /** The state at {@code now} of a certificate issued at {@code now}. */
    State asked(Instant now) {
        Instant notBefore = notBefore(now);
        return state(notBefore, notAfter(notBefore), now);
    }

    /**
     * True when a stored certificate still is what this asks for at {@code now}: it lasts {@code length}, it is in the
     * same state (current, expired, not yet valid) as a new one would be, and, unless current, its start is within
     * {@link #DRIFT} of a new one's, so that an expired certificate stays recently expired and a future one stays
     * as far ahead as asked.
     */
    boolean fits(X509Certificate certificate, Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!notAfter.equals(notAfter(notBefore))) {
            return false;
        }
        State asked = asked(now);
        if (state(notBefore, notAfter, now) != asked) {
            return false;
        }
        return asked == State.CURRENT || Duration.between(notBefore(now), notBefore).abs().compareTo(DRIFT) <= 0;
    }

    private static State state(Instant notBefore, Instant notAfter, Instant now) {
        if (now.isBefore(notBefore)) {
            return State.NOT_YET_VALID;
        }
        return now.isAfter(notAfter) ? State.EXPIRED : State.CURRENT;
    }
}
