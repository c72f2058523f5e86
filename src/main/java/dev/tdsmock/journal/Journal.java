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
 * The most recent connection records of a listener, oldest first; bounded by a count and by an estimate of
 * the bytes the records hold ({@link ConnectionRecord#estimatedBytes()}, followed as records grow), the oldest
 * dropped first, so that it never grows without end.
 */
public final class Journal {
    /** The byte budget of a journal made with a count only: 32 MiB. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

    private final int capacity;
    private final long maxBytes;
    private final Deque<ConnectionRecord> records = new ConcurrentLinkedDeque<>();
    /** The bytes each record was last counted at; guarded by this. */
    private final Map<ConnectionRecord, Long> counted = new IdentityHashMap<>();
    private long bytes;

    public Journal(int capacity) {
        this(capacity, DEFAULT_MAX_BYTES);
    }

    /**
     * @param capacity the most records kept, at least 1
     * @param maxBytes the most bytes (estimated) the records may hold; the newest record is kept even alone
     *                 above it
     */
    public Journal(int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a journal keeps at least 1 record and 1 byte, not " + capacity
                    + " records and " + maxBytes + " bytes");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    public void add(ConnectionRecord record) {
        synchronized (this) {
            long size = record.estimatedBytes();
            records.addLast(record);
            counted.put(record, size);
            bytes += size;
            trim();
        }
        record.whenGrown(() -> grew(record));
    }

    private synchronized void grew(ConnectionRecord record) {
        Long before = counted.get(record);
        if (before == null) {
            return;
        }
        long now = record.estimatedBytes();
        counted.put(record, now);
        bytes += now - before;
        trim();
    }

    /** Drops the oldest records while over the count or the bytes; keeps the newest one. */
    private void trim() {
        while (counted.size() > 1 && (counted.size() > capacity || bytes > maxBytes)) {
            forget(records.pollFirst());
        }
    }

    private void forget(ConnectionRecord record) {
        Long size = counted.remove(record);
        if (size != null) {
            bytes -= size;
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
    public synchronized long estimatedBytes() {
        return bytes;
    }

    /** Removes the records the filter takes; returns how many. */
    public synchronized int removeIf(Predicate<ConnectionRecord> filter) {
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

    public synchronized void clear() {
        records.clear();
        counted.clear();
        bytes = 0;
    }
}
