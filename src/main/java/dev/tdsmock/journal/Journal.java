package dev.tdsmock.journal;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/** The most recent connection records of a listener, oldest first; bounded so it never grows without end. */
public final class Journal {
    private final int capacity;
    private final Deque<ConnectionRecord> records = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    public Journal(int capacity) {
        this.capacity = capacity;
    }

    public void add(ConnectionRecord record) {
        records.addLast(record);
        if (size.incrementAndGet() > capacity && records.pollFirst() != null) {
            size.decrementAndGet();
        }
    }

    public List<ConnectionRecord> records() {
        return new ArrayList<>(records);
    }

    /** Records of connections that have ended. */
    public List<ConnectionRecord> ended() {
        return records.stream().filter(ConnectionRecord::isEnded).toList();
    }

    /** Removes the records the filter takes; returns how many. */
    public int removeIf(java.util.function.Predicate<ConnectionRecord> filter) {
        int removed = 0;
        for (java.util.Iterator<ConnectionRecord> i = records.iterator(); i.hasNext(); ) {
            ConnectionRecord record = i.next();
            if (filter.test(record)) {
                i.remove();
                size.decrementAndGet();
                removed++;
            }
        }
        return removed;
    }

    public void clear() {
        records.clear();
        size.set(0);
    }
}
