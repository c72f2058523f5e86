package dev.tdsmock.wire;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bytes that all connections of one listener may hold at once for what their clients sent and the server
 * has not taken yet (limits.max-buffered-bytes-per-listener): unfinished messages, whole messages queued while
 * a step is held, bytes kept while a connection waits to be accepted or while its ServerHello is held. The
 * budget is the one owner of the total; each connection has a {@link Share}, and each place in its pipeline
 * that keeps client bytes a {@link Hold} of that share, which counts what it claimed so that it gives back
 * exactly that. A claim that would pass the limit is refused, and the connection that made it is the one that
 * ends. The total is thread-safe (connections of a listener run on several event loops); a share and its holds
 * are used from their connection's event loop.
 */
public final class BufferBudget {
    private final AtomicLong held = new AtomicLong();
    private volatile long limit;

    /**
     * @param limit bytes; at least one whole packet (32767)
     * @throws IllegalArgumentException when it cannot hold one packet
     */
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

    /** The limit, bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes held now by all connections. */
    public long held() {
        return held.get();
    }

    /** A new connection's share of the budget, holding nothing. */
    public Share share() {
        return new Share();
    }

    private boolean claim(long bytes) {
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

    private void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** What one connection holds of the budget: the sum of its holds. */
    public final class Share {
        private long held;

        private Share() {
        }

        /** Bytes this connection holds now, all its holds together. */
        public long held() {
            return held;
        }

        /**
         * A place in the connection that keeps client bytes, holding nothing yet.
         *
         * @param what what it keeps, for the reason a refused claim gives ("queued messages")
         */
        public Hold hold(String what) {
            return new Hold(this, what);
        }
    }

    /** One holder's claim on the budget: what it keeps now, claimed before and given back exactly. */
    public final class Hold {
        private final Share share;
        private final String what;
        private long held;

        private Hold(Share share, String what) {
            this.share = share;
            this.what = what;
        }

        /** Bytes this holder keeps now. */
        public long held() {
            return held;
        }

        /**
         * Takes {@code bytes} more from the budget.
         *
         * @param detail what they are, for the reason if refused (" of this connection's SQLBatch message")
         * @throws MalformedTdsException when they would pass the limit; nothing is taken
         */
        public void claim(long bytes, Supplier<String> detail) {
            if (bytes < 0) {
                throw new IllegalArgumentException("a claim of " + bytes + " bytes");
            }
            if (!BufferBudget.this.claim(bytes)) {
                throw new MalformedTdsException("the listener's buffer budget for client bytes (limits.max-buffered-"
                        + "bytes-per-listener = " + limit + " bytes, " + BufferBudget.this.held() + " held by all "
                        + "connections, " + share.held + " by this one) has no room for " + bytes + " more bytes"
                        + detail.get() + " (" + what + ", which hold " + held + " bytes)");
            }
            held += bytes;
            share.held += bytes;
        }

        /**
         * Keeps {@code total} bytes from now on: claims what it lacks or gives back what it has over.
         *
         * @throws MalformedTdsException when the bytes it lacks would pass the limit; nothing changes
         */
        public void holdExactly(long total, Supplier<String> detail) {
            if (total > held) {
                claim(total - held, detail);
            } else {
                release(held - total);
            }
        }

        /** Gives back {@code bytes} of what it claimed (at most what it holds). */
        public void release(long bytes) {
            long back = Math.min(Math.max(bytes, 0), held);
            held -= back;
            share.held -= back;
            BufferBudget.this.release(back);
        }

        /** Gives back everything it holds; holding nothing, it does nothing. */
        public void releaseAll() {
            release(held);
        }
    }
}
