package dev.tdsmock.wire;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes that all connections of one listener may hold at once for client messages they have not received
 * whole (limits.max-buffered-bytes-per-listener). A connection claims bytes before it keeps them and gives them
 * back when the message is complete or the connection ends; a claim that would pass the limit is refused, and
 * the connection that made it is the one that ends. Thread-safe: connections of a listener run on several
 * event loops.
 */
public final class BufferBudget {
    private final AtomicLong held = new AtomicLong();
    private volatile long limit;

    /** @param limit bytes; at least one whole packet (32767) */
    public BufferBudget(long limit) {
        limit(limit);
    }

    /** A new limit from now on (a scenario switched at run time); bytes held already stay held. */
    public void limit(long limit) {
        if (limit < PacketHeader.MAX_PACKET_SIZE) {
            throw new IllegalArgumentException("a buffer budget of " + limit + " bytes cannot hold one packet ("
                    + PacketHeader.MAX_PACKET_SIZE + ")");
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Bytes held now by all connections. */
    public long held() {
        return held.get();
    }

    /** Takes {@code bytes} from the budget; false, taking nothing, when that would pass the limit. */
    boolean claim(long bytes) {
        long max = limit;
        while (true) {
            long now = held.get();
            if (now + bytes > max) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back bytes claimed before. */
    void release(long bytes) {
        held.addAndGet(-bytes);
    }
}
