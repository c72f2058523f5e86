package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.Journal;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.tls.TlsEngines;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What every connection of one listener shares: its scenario, TLS contexts, SQL answers and counters. */
public final class ServerResources {
    private static final int FIRST_SPID = 51;
    private static final int JOURNAL_CAPACITY = 10_000;
    private final Scenario scenario;
    private final TlsEngines tls;
    private final SqlResponder responder;
    private final AtomicLong connectionIds = new AtomicLong();
    private final Journal journal = new Journal(JOURNAL_CAPACITY);
    private final ChurnCounters churn;
    private final AtomicInteger spids = new AtomicInteger(FIRST_SPID);

    public ServerResources(Scenario scenario, CertificateStore certificates) {
        this.scenario = scenario;
        Scenario.CertificateSettings certificate = scenario.tls().certificate();
        this.tls = new TlsEngines(scenario.tls(),
                certificates.identity(certificate.name(), certificate.key(), certificate.signature()));
        this.responder = new SqlResponder(scenario.answers());
        this.churn = new ChurnCounters(scenario.churn().warnPerMinute());
    }

    public Scenario scenario() {
        return scenario;
    }

    public TlsEngines tls() {
        return tls;
    }

    public SqlResponder responder() {
        return responder;
    }

    public Journal journal() {
        return journal;
    }

    public ChurnCounters churn() {
        return churn;
    }

    long nextConnectionId() {
        return connectionIds.incrementAndGet();
    }

    /** Session ids as SQL Server hands them out to users: from 51, wrapping before 32767. */
    int nextSpid() {
        return spids.getAndUpdate(s -> s >= 32000 ? FIRST_SPID : s + 1);
    }
}
