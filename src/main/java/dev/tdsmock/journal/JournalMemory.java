package dev.tdsmock.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * The bytes (estimated, {@link ConnectionRecord#estimatedBytes()}) that the in-memory {@link Journal}s sharing it
 * may hold together: for the process, every listener's journal ({@link #process()}, the launcher's
 * {@code --journal-memory}, 64 MiB by default), so that {@code --all} with its dozens of listeners is bounded as
 * one listener is. The one owner of the total; each journal counts its own records' bytes and reports changes.
 *
 * <p>When the total passes the bound, the journal holding the most bytes drops its oldest record, and so on until
 * the total is within the bound: a busy listener pays for its own records before a quiet one loses its history.
 * Every journal keeps its newest record, even when the newest records alone pass the bound. Thread-safe: the
 * journals sharing a memory change their counts under its lock.
 */
public final class JournalMemory {
    /** The process's bound unless the launcher gives another: 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    private static final JournalMemory PROCESS = new JournalMemory(DEFAULT_MAX_BYTES);
    /** Guarded by this. */
    private final List<Journal> journals = new ArrayList<>();
    /** Guarded by this. */
    private long bytes;
    /** Guarded by this. */
    private long maxBytes;

    /**
     * @param maxBytes the most bytes (estimated) the journals may hold together, at least 1
     * @throws IllegalArgumentException when it is less than 1
     */
    public JournalMemory(long maxBytes) {
        this.maxBytes = checked(maxBytes);
    }

    /** The memory every listener of the process journals into. */
    public static JournalMemory process() {
        return PROCESS;
    }

    /**
     * A new bound from now on; journals over it drop their oldest records at once.
     *
     * @param maxBytes bytes, at least 1
     * @throws IllegalArgumentException when it is less than 1
     */
    public synchronized void maxBytes(long maxBytes) {
        this.maxBytes = checked(maxBytes);
        trim();
    }

    public synchronized long maxBytes() {
        return maxBytes;
    }

    /** The estimated bytes all journals sharing this memory hold now. */
    public synchronized long bytes() {
        return bytes;
    }

    private static long checked(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the journals' memory must be at least 1 byte, not " + maxBytes);
        }
        return maxBytes;
    }

    /** Counts {@code journal}'s bytes from now on; called with this lock held. */
    void join(Journal journal) {
        journals.add(journal);
    }

    /** Stops counting {@code journal}, which holds {@code itsBytes}; called with this lock held. */
    void leave(Journal journal, long itsBytes) {
        if (journals.remove(journal)) {
            bytes -= itsBytes;
        }
    }

    /** A journal's records grew or shrank by {@code delta} bytes; called with this lock held. */
    void changed(long delta) {
        bytes += delta;
        trim();
    }

    /** A journal dropped records of {@code size} bytes: only lowers the total; called with this lock held. */
    void dropped(long size) {
        bytes -= size;
    }

    /** Drops the oldest record of the journal holding the most while over the bound. */
    private void trim() {
        while (bytes > maxBytes) {
            Journal largest = null;
            for (Journal journal : journals) {
                if (journal.canDrop() && (largest == null || journal.bytesHeld() > largest.bytesHeld())) {
                    largest = journal;
                }
            }
            if (largest == null) {
                return; // each is down to its newest record
            }
            largest.dropOldest();
        }
    }
}
