package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChurnCountersTest {
    private static final Ending BY_CLIENT = Ending.byClient(Ending.Kind.CLOSE, "closed by the client");
    private static final Ending BY_SERVER = Ending.byServer(Ending.Kind.FIN, "closed by the server");
    private static final Ending CLIENT_RESET = Ending.byClient(Ending.Kind.RST, "reset by the client");
    /** A whole second, so that a close made now leaves the TIME_WAIT window exactly time-wait later. */
    private static final long START = 1_000_000_000_000L;

    private final AtomicLong now = new AtomicLong(START);
    private final ChurnCounters churn = new ChurnCounters(
            new ChurnCounters.Limits(3, Duration.ofSeconds(240), 10, 80), now::get);

    /** Opens and closes one connection from this address, closed as {@code ending} says. */
    private ChurnCounters.Ports cycle(String address, Ending ending) {
        churn.opened(address);
        return churn.closed(address, ending);
    }

    @Test
    void theMinuteSlidesAndTotalsStay() {
        churn.opened("10.0.0.1");
        now.addAndGet(30_000);
        churn.opened("10.0.0.1");
        churn.closed("10.0.0.1", BY_CLIENT);
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
            warned[i] = churn.opened("10.0.0.2").rateWarning();
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
        churn.closed("10.0.0.4", BY_SERVER);
        churn.closed("10.0.0.4", BY_CLIENT);
        ChurnCounters.Snapshot snapshot = churn.of("10.0.0.4").orElseThrow();
        assertEquals(1, snapshot.closedFirstByServer());
        assertEquals(1, snapshot.closedFirstByClient());
        assertEquals(2, snapshot.closed());
    }

    @Test
    void aClientFirstCloseHoldsAPortForTimeWaitExactly() {
        ChurnCounters.Ports afterClose = cycle("10.0.0.5", BY_CLIENT);
        assertEquals(1, afterClose.clientTimeWait());
        assertEquals(0, afterClose.open());
        assertEquals(Instant.ofEpochMilli(START + 240_000), afterClose.oldestTimeWaitEnds());
        assertEquals(240, afterClose.timeWaitSeconds());

        now.set(START + 240_000 - 1);
        assertEquals(1, churn.of("10.0.0.5").orElseThrow().ports().clientTimeWait(), "1 ms before time-wait");
        now.set(START + 240_000);
        ChurnCounters.Ports expired = churn.of("10.0.0.5").orElseThrow().ports();
        assertEquals(0, expired.clientTimeWait(), "time-wait after the close its port is free");
        assertNull(expired.oldestTimeWaitEnds());
    }

    @Test
    void serverFirstClosesAndResetsLeaveNoTimeWaitOnTheClient() {
        cycle("10.0.0.6", BY_SERVER);
        cycle("10.0.0.6", CLIENT_RESET);
        ChurnCounters.Ports ports = cycle("10.0.0.6", BY_CLIENT);
        assertEquals(1, ports.clientTimeWait(), "only the client's orderly close");
        assertEquals(1, churn.of("10.0.0.6").orElseThrow().closedFirstByServer());
    }

    @Test
    void openConnectionsAndTimeWaitsSpendTheBudget() {
        for (int i = 0; i < 7; i++) {
            cycle("10.0.0.7", BY_CLIENT);
            now.addAndGet(1_000);
        }
        churn.opened("10.0.0.7");
        churn.opened("10.0.0.7");
        ChurnCounters.Opening tenth = churn.opened("10.0.0.7");
        assertEquals(9, tenth.before().used(), "7 in TIME_WAIT and 2 open before the 10th");
        assertFalse(tenth.before().spent());
        ChurnCounters.Opening eleventh = churn.opened("10.0.0.7");
        assertTrue(eleventh.before().spent(), "10 of 10 ports in use");
        assertEquals(100.0, eleventh.before().usedPercent(), 1e-9);
        assertEquals(Instant.ofEpochMilli(START + 240_000), eleventh.before().oldestTimeWaitEnds());

        assertEquals(11, churn.of("10.0.0.7").orElseThrow().ports().used(), "nothing refuses here: 7 + 4 open");
        now.set(START + 240_000 - 1);
        assertEquals(7, churn.of("10.0.0.7").orElseThrow().ports().clientTimeWait());
        now.set(START + 240_000);
        ChurnCounters.Ports later = churn.of("10.0.0.7").orElseThrow().ports();
        assertEquals(6, later.clientTimeWait(), "the oldest TIME_WAIT has ended");
        assertEquals(Instant.ofEpochMilli(START + 241_000), later.oldestTimeWaitEnds());
    }

    @Test
    void warnsOncePerTimeWaitAbovePortsPercent() {
        int warnings = 0;
        int firstWarned = -1;
        for (int i = 1; i <= 12; i++) {
            if (churn.opened("10.0.0.8").portsWarning()) {
                warnings++;
                firstWarned = firstWarned < 0 ? i : firstWarned;
            }
            churn.closed("10.0.0.8", BY_CLIENT);
        }
        assertEquals(9, firstWarned, "the 9th port is past 80 % of 10");
        assertEquals(1, warnings, "once per time-wait");
        now.addAndGet(240_000 - 1);
        assertFalse(churn.opened("10.0.0.8").portsWarning(), "still within time-wait of the warning");
        churn.closed("10.0.0.8", BY_CLIENT);
        now.addAndGet(1);
        assertEquals(1, churn.of("10.0.0.8").orElseThrow().ports().used(), "the first 12 TIME_WAITs have ended");
        for (int i = 2; i <= 8; i++) {
            assertFalse(churn.opened("10.0.0.8").portsWarning(), i + " of 10");
            churn.closed("10.0.0.8", BY_CLIENT);
        }
        assertTrue(churn.opened("10.0.0.8").portsWarning(), "past 80 % again, time-wait after the warning");
    }

    @Test
    void aShorterTimeWaitFreesTheOlderPorts() {
        cycle("10.0.0.9", BY_CLIENT);
        now.addAndGet(60_000);
        cycle("10.0.0.9", BY_CLIENT);
        now.addAndGet(1_000);
        churn.limits(new ChurnCounters.Limits(3, Duration.ofSeconds(30), 10, 80));
        ChurnCounters.Ports ports = churn.of("10.0.0.9").orElseThrow().ports();
        assertEquals(1, ports.clientTimeWait(), "the close 61 s ago is past a 30 s TIME_WAIT");
        assertEquals(30, ports.timeWaitSeconds());
    }

    @Test
    void refusalsAreCounted() {
        churn.opened("10.0.0.10");
        churn.refused("10.0.0.10");
        churn.closed("10.0.0.10", Ending.byServer(Ending.Kind.RST, "refused"));
        ChurnCounters.Snapshot snapshot = churn.of("10.0.0.10").orElseThrow();
        assertEquals(1, snapshot.refused());
        assertEquals(0, snapshot.ports().used(), "a reset leaves no TIME_WAIT and nothing open");
    }

    @Test
    void beyondMaxAddressesTheRestAreCountedTogether() {
        for (int i = 0; i < ChurnCounters.MAX_ADDRESSES; i++) {
            churn.opened("10.1." + (i / 256) + "." + (i % 256));
        }
        assertEquals("10.1.0.0", churn.opened("10.1.0.0").countedAs(), "an address already counted keeps its own");
        assertEquals(ChurnCounters.OTHER_ADDRESSES, churn.opened("10.200.0.1").countedAs());
        assertTrue(churn.of("10.200.0.1").isEmpty());
    }
}
