package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.diagnose.SeenClients;
import dev.tdsmock.faults.FaultSet;
import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Journal;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.journal.JournalMemory;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.wire.BufferBudget;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every connection of one listener shares: the scenario it serves now (which can be switched while
 * it runs), its faults, the journal, the churn counters and the id counters.
 */
public final class ServerResources {
    private static final int FIRST_SPID = 51;
    private static final int JOURNAL_CAPACITY = 10_000;
    private final CertificateStore certificates;
    private final ScenarioLoader loader;
    private final SeenClients seenClients = new SeenClients();
    private final JournalFile journalFile;
    private final AtomicReference<ScenarioRuntime> current = new AtomicReference<>();
    private final RouteTargets routeTargets;
    private final FaultSet faults;
    private final Journal journal = new Journal(JOURNAL_CAPACITY, JournalMemory.process());
    private final ChurnCounters churn;
    private final BufferBudget bufferBudget;
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger spids = new AtomicInteger(FIRST_SPID);

    /**
     * @param journalFile where ended connections are appended as JSON lines, or null
     * @param loader where route faults find the scenarios they name
     */
    public ServerResources(Scenario scenario, CertificateStore certificates, JournalFile journalFile,
                           ScenarioLoader loader) {
        this.certificates = certificates;
        this.loader = loader;
        this.journalFile = journalFile;
        this.routeTargets = new RouteTargets(scenario.listener().host(), loader, certificates, journalFile,
                () -> runtime().scenario().upstream());
        this.faults = new FaultSet(routeTargets);
        this.churn = new ChurnCounters(limits(scenario.churn()));
        this.bufferBudget = new BufferBudget(scenario.limits().maxBufferedBytesPerListener());
        switchTo(scenario);
    }

    /** New connections get this scenario and only its faults; connections already open keep their settings. */
    void switchTo(Scenario scenario) {
        settle(scenario);
        faults.replaceWith(scenario.faults());
    }

    /** New connections get this scenario's settings; the faults stay as they are. */
    void settle(Scenario scenario) {
        current.set(new ScenarioRuntime(scenario, certificates, loader));
        churn.limits(limits(scenario.churn()));
        bufferBudget.limit(scenario.limits().maxBufferedBytesPerListener());
    }

    private static ChurnCounters.Limits limits(Scenario.Churn churn) {
        return new ChurnCounters.Limits(churn.warnPerMinute(), churn.timeWait(), churn.clientPorts(),
                churn.warnPortsPercent());
    }

    public Scenario scenario() {
        return current.get().scenario();
    }

    /** The runtime a new connection gets. */
    ScenarioRuntime runtime() {
        return current.get();
    }

    /** The clients this listener has diagnosed (scenarios with diagnose = true), across scenario switches. */
    public SeenClients seenClients() {
        return seenClients;
    }

    public FaultSet faults() {
        return faults;
    }

    public Journal journal() {
        return journal;
    }

    public ChurnCounters churn() {
        return churn;
    }

    /**
     * Stops the listeners that route faults started; the journal stays readable but leaves the process's journal
     * memory. Call once the connections have ended.
     */
    void close() {
        routeTargets.close();
        journal.leaveMemory();
    }

    void ended(ConnectionRecord record) {
        if (journalFile != null) {
            journalFile.append(record);
        }
    }

    /**
     * Client bytes that all of this listener's connections may hold together: unfinished messages, messages
     * queued while a step is held, bytes kept while waiting to be accepted or while a ServerHello is held.
     */
    public BufferBudget bufferBudget() {
        return bufferBudget;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    /** Session ids as SQL Server hands them out to users: from 51, wrapping before 32767. */
    int nextSpid() {
        return spids.getAndUpdate(s -> s >= 32000 ? FIRST_SPID : s + 1);
    }
}
