package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.Journal;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.scenario.Scenario;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every connection of one listener shares: the scenario it serves now (which can be switched while
 * it runs), the journal, the churn counters and the id counters.
 */
public final class ServerResources {
    private static final int FIRST_SPID = 51;
    private static final int JOURNAL_CAPACITY = 10_000;
    private final CertificateStore certificates;
    private final JournalFile journalFile;
    private final AtomicReference<Runtimes> current = new AtomicReference<>();
    private final Journal journal = new Journal(JOURNAL_CAPACITY);
    private final ChurnCounters churn;
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger spids = new AtomicInteger(FIRST_SPID);

    /** The scenario's runtime and, when its faults are applied only to some connections, the unfaulted one. */
    private record Runtimes(ScenarioRuntime faulted, ScenarioRuntime unfaulted) {
    }

    /** @param journalFile where ended connections are appended as JSON lines, or null */
    public ServerResources(Scenario scenario, CertificateStore certificates, JournalFile journalFile) {
        this.certificates = certificates;
        this.journalFile = journalFile;
        this.churn = new ChurnCounters(scenario.churn().warnPerMinute());
        switchTo(scenario);
    }

    /** New connections get this scenario; connections already open keep theirs. */
    void switchTo(Scenario scenario) {
        ScenarioRuntime faulted = new ScenarioRuntime(scenario, certificates);
        ScenarioRuntime unfaulted = scenario.unfaulted() == null ? null
                : new ScenarioRuntime(scenario.unfaulted(), certificates);
        current.set(new Runtimes(faulted, unfaulted));
    }

    public Scenario scenario() {
        return current.get().faulted().scenario();
    }

    /** The runtime a new connection gets: the scenario's, or, by the scenario's fault probability, the unfaulted one. */
    ScenarioRuntime runtimeForNewConnection() {
        Runtimes runtimes = current.get();
        double probability = runtimes.faulted().scenario().faultProbability();
        if (runtimes.unfaulted() != null && ThreadLocalRandom.current().nextDouble() >= probability) {
            return runtimes.unfaulted();
        }
        return runtimes.faulted();
    }

    public Journal journal() {
        return journal;
    }

    public ChurnCounters churn() {
        return churn;
    }

    void ended(dev.tdsmock.journal.ConnectionRecord record) {
        if (journalFile != null) {
            journalFile.append(record);
        }
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    /** Session ids as SQL Server hands them out to users: from 51, wrapping before 32767. */
    int nextSpid() {
        return spids.getAndUpdate(s -> s >= 32000 ? FIRST_SPID : s + 1);
    }
}
