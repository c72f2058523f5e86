package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Leases of the shared groups: the groups end with the last lease, once however often a lease is closed. */
@Timeout(30)
class EventLoopsTest {
    @Test
    void theGroupsEndWithTheLastLeaseAndStartAgainWithTheNext() throws Exception {
        EventLoopGroup first;
        try (EventLoops.Lease one = EventLoops.lease(); EventLoops.Lease two = EventLoops.lease()) {
            first = one.io();
            assertSame(first, two.io(), "one I/O group for every user");
            one.close();
            one.close(); // a second close releases nothing more
            assertFalse(first.isShuttingDown(), "the other lease still holds the groups");
            assertTrue(first.submit(() -> two.onLoopThread()).get(), "run on one of the groups' threads");
            assertFalse(two.onLoopThread());
        }
        assertTrue(first.isTerminated(), "closing the last lease waits for the threads to end");
        try (EventLoops.Lease again = EventLoops.lease()) {
            assertNotSame(first, again.io(), "new groups for a user after the last one left");
            assertFalse(again.io().isShuttingDown());
        }
    }
}
