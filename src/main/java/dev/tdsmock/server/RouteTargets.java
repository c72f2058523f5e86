package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.faults.FaultContext;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.scenario.ScenarioException;
import dev.tdsmock.scenario.ScenarioLoader;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The listeners a listener's route faults send clients to by scenario name: each scenario started once, on a free
 * port of the routing listener's host, and stopped with the routing listener.
 */
final class RouteTargets implements FaultContext, AutoCloseable {
    private final String host;
    private final ScenarioLoader loader;
    private final CertificateStore certificates;
    private final JournalFile journalFile;
    private final java.util.function.Supplier<dev.tdsmock.scenario.Scenario.Upstream> upstream;
    private final Map<String, TdsServer> started = new LinkedHashMap<>();

    /** @param upstream the routing listener's upstream now: a target without one of its own relays there too */
    RouteTargets(String host, ScenarioLoader loader, CertificateStore certificates, JournalFile journalFile,
                 java.util.function.Supplier<dev.tdsmock.scenario.Scenario.Upstream> upstream) {
        this.host = host;
        this.upstream = upstream;
        this.loader = loader;
        this.certificates = certificates;
        this.journalFile = journalFile;
    }

    @Override
    public synchronized InetSocketAddress serve(String scenario) {
        TdsServer target = started.get(scenario);
        if (target == null) {
            try {
                dev.tdsmock.scenario.Scenario loaded = loader.load(scenario).withListener(host, 0);
                if (!loaded.upstream().enabled()) {
                    loaded = loaded.withUpstream(upstream.get());
                }
                target = TdsServer.start(loaded, certificates, journalFile, loader);
            } catch (ScenarioException e) {
                throw new IllegalArgumentException("'to': " + e.getMessage(), e);
            }
            started.put(scenario, target);
        }
        return target.address();
    }

    @Override
    public synchronized void close() {
        started.values().forEach(TdsServer::close);
        started.clear();
    }
}
