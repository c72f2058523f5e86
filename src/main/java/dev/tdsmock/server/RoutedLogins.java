package dev.tdsmock.server;

import dev.tdsmock.journal.ConnectionRecord;
import java.time.Duration;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Ties a routed login to the connection that follows it: when a listener of this process routes a client to a
 * port and that client's next connection arrives at a listener of this process on that port, its record names the
 * connection it was routed from. One per process, since the routed and the target listener are two servers.
 */
final class RoutedLogins {
    /** How long a routed client has to come back. */
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Deque<Expected> EXPECTED = new ConcurrentLinkedDeque<>();

    private record Expected(String clientAddress, int port, String from, long untilNanos) {
    }

    private RoutedLogins() {
    }

    /** The client of {@code routed} was sent to {@code port}. */
    static void expect(ConnectionRecord routed, int port) {
        dropStale(System.nanoTime());
        EXPECTED.addLast(new Expected(routed.clientAddress(), port,
                "#" + routed.id() + " on port " + routed.listenerPort(), System.nanoTime() + WINDOW.toNanos()));
    }

    /** Marks {@code arrived} as routed when a listener sent its client here; the oldest such route first. */
    static void claim(ConnectionRecord arrived) {
        long now = System.nanoTime();
        dropStale(now);
        for (Iterator<Expected> i = EXPECTED.iterator(); i.hasNext(); ) {
            Expected expected = i.next();
            if (expected.port() == arrived.listenerPort() && expected.clientAddress().equals(arrived.clientAddress())) {
                i.remove();
                arrived.routedFrom(expected.from());
                return;
            }
        }
    }

    private static void dropStale(long now) {
        EXPECTED.removeIf(expected -> now - expected.untilNanos() > 0);
    }
}
