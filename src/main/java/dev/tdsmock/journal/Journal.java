package dev.tdsmock.journal;

import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

/**
 * The most recent connection records of a listener, oldest first; bounded by a count of its own and by the bytes
 * of a {@link JournalMemory} it may share with other journals (an estimate, {@link ConnectionRecord#estimatedBytes()},
 * followed as records grow), the oldest dropped first, so that it never grows without end.
 */
public final class Journal {
    /** The byte budget of a journal made with a count only, a memory of its own: 32 MiB. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    private final int capacity;
    private final JournalMemory memory;
    private final Deque<ConnectionRecord> records = new ConcurrentLinkedDeque<>();
    /** The bytes each record was last counted at; guarded by the memory. */
    private final Map<ConnectionRecord, Long> counted = new IdentityHashMap<>();
    /** Guarded by the memory. */
    private long bytes;
    /** Guarded by the memory: no longer counted in it (its listener stopped). */
    private boolean left;

    public Journal(int capacity) {
        this(capacity, DEFAULT_MAX_BYTES);
    }

    /**
     * A journal with a memory of its own.
     *
     * @param capacity the most records kept, at least 1
     * @param maxBytes the most bytes (estimated) the records may hold; the newest record is kept even alone
     *                 above it
     */
    public Journal(int capacity, long maxBytes) {
        this(capacity, new JournalMemory(maxBytes));
    }

    /**
     * @param capacity the most records kept, at least 1
     * @param memory the bytes this journal shares with others (the process's: {@link JournalMemory#process()})
     * @throws IllegalArgumentException when the capacity is less than 1
     */
    public Journal(int capacity, JournalMemory memory) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a journal keeps at least 1 record, not " + capacity);
        }
        this.capacity = capacity;
        this.memory = memory;
        synchronized (memory) {
            memory.join(this);
        }
    }

    public void add(ConnectionRecord record) {
        synchronized (memory) {
            long size = record.estimatedBytes();
            records.addLast(record);
            counted.put(record, size);
            while (counted.size() > capacity) {
                dropOldest();
            }
            changed(size);
        }
        record.whenGrown(() -> grew(record));
    }

    private void grew(ConnectionRecord record) {
        synchronized (memory) {
            Long before = counted.get(record);
            if (before == null) {
                return;
            }
            long now = record.estimatedBytes();
            counted.put(record, now);
            changed(now - before);
        }
    }

    private void changed(long delta) {
        bytes += delta;
        if (!left) {
            memory.changed(delta);
        }
    }

    /** Whether it has a record to drop and keep its newest; with the memory's lock held. */
    boolean canDrop() {
        return counted.size() > 1;
    }

    /** The bytes its records hold; with the memory's lock held. */
    long bytesHeld() {
        return bytes;
    }

    /** Drops its oldest record; with the memory's lock held. */
    void dropOldest() {
        forget(records.pollFirst());
    }

    private void forget(ConnectionRecord record) {
        Long size = counted.remove(record);
        if (size != null) {
            bytes -= size;
            if (!left) {
                memory.dropped(size); // no trimming within trimming
            }
        }
    }

    /**
     * Its listener has stopped: its records stay readable but no longer count in the memory it shared, and it is
     * bounded by its count only from now on. Closing it again does nothing.
     */
    public void leaveMemory() {
        synchronized (memory) {
            if (!left) {
                left = true;
                memory.leave(this, bytes);
            }
        }
    }

    public List<ConnectionRecord> records() {
        return new ArrayList<>(records);
    }

    /** Records of connections that have ended. */
    public List<ConnectionRecord> ended() {
        return records.stream().filter(ConnectionRecord::isEnded).toList();
    }

    /** The estimated bytes the records kept hold now. */
    public long estimatedBytes() {
        synchronized (memory) {
            return bytes;
        }
    }

    /** Removes the records the filter takes; returns how many. */
    public int removeIf(Predicate<ConnectionRecord> filter) {
        synchronized (memory) {
            int removed = 0;
            for (Iterator<ConnectionRecord> i = records.iterator(); i.hasNext(); ) {
                ConnectionRecord record = i.next();
                if (filter.test(record)) {
                    i.remove();
                    forget(record);
                    removed++;
                }
            }
            return removed;
        }
    }

    public void clear() {
        synchronized (memory) {
            removeIf(record -> true);
        }
    }
}
