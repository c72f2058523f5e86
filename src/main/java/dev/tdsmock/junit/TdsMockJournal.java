package dev.tdsmock.junit;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.Journal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * What the server recorded about its connections. Connections end on the server's threads, shortly after a
 * client gives up, so tests wait for them: {@code await().until(mock.journal().anyEndedWith(Ending.Kind.RST))}.
 */
public final class TdsMockJournal {
    private final Journal journal;

    TdsMockJournal(Journal journal) {
        this.journal = journal;
    }

    /** Every recorded connection, oldest first. */
    public List<ConnectionRecord> connections() {
        return journal.records();
    }

    /** The connections that have ended, oldest first. */
    public List<ConnectionRecord> ended() {
        return journal.ended();
    }

    public int endedCount() {
        return ended().size();
    }

    /** The connection that ended most recently. */
    public Optional<ConnectionRecord> lastEnded() {
        return ended().stream().max(Comparator.comparing(ConnectionRecord::endedAt));
    }

    /** True once some connection has ended this way. */
    public Callable<Boolean> anyEndedWith(Ending.Kind kind) {
        return () -> ended().stream().anyMatch(record -> record.ending() != null && record.ending().kind() == kind);
    }

    /** True once at least this many connections have ended. */
    public Callable<Boolean> endedAtLeast(int count) {
        return () -> endedCount() >= count;
    }

    /** Forgets every recorded connection, e.g. between tests that share a class's server. */
    public void clear() {
        journal.clear();
    }
}
