package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ChurnCountersTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ChurnCounters churn = new ChurnCounters(3, now::get);

    @Test
    void theMinuteSlidesAndTotalsStay() {
        churn.opened("10.0.0.1");
        now.addAndGet(30_000);
        churn.opened("10.0.0.1");
        churn.closed("10.0.0.1", false);
        assertEquals(2, churn.of("10.0.0.1").orElseThrow().openedLastMinute());

        now.addAndGet(31_000);
        ChurnCounters.Snapshot later = churn.of("10.0.0.1").orElseThrow();
        assertEquals(1, later.openedLastMinute(), "the first opening is more than a minute old");
        assertEquals(2, later.opened());
        assertEquals(1, later.closedFirstByClient());
        assertEquals(1.0 / 60, later.openedPerSecond(), 1e-9);
    }

    @Test
    void warnsOncePerMinuteAboveTheThreshold() {
        boolean[] warned = new boolean[6];
        for (int i = 0; i < 6; i++) {
            warned[i] = churn.opened("10.0.0.2");
        }
        assertFalse(warned[2], "3 within a minute is not more than 3");
        assertTrue(warned[3], "the 4th is");
        assertFalse(warned[4] || warned[5], "once per minute");
        assertTrue(churn.of("10.0.0.3").isEmpty(), "addresses are apart");
    }

    @Test
    void whoClosedFirst() {
        churn.opened("10.0.0.4");
        churn.opened("10.0.0.4");
        churn.closed("10.0.0.4", true);
        churn.closed("10.0.0.4", false);
        ChurnCounters.Snapshot snapshot = churn.of("10.0.0.4").orElseThrow();
        assertEquals(1, snapshot.closedFirstByServer());
        assertEquals(1, snapshot.closedFirstByClient());
        assertEquals(2, snapshot.closed());
    }
}
