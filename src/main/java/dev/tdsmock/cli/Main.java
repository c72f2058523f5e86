package dev.tdsmock.cli;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.control.ControlApi;
import dev.tdsmock.control.Listeners;
import dev.tdsmock.journal.JournalFile;
import dev.tdsmock.journal.JournalMemory;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioException;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.tls.TlsContexts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.slf4j.LoggerFactory;

/** The command line: one scenario, every scenario (--all), or the list of them (--list). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        List<Scenario> scenarios;
        List<String> sources;
        try {
            options = Options.parse(args, System.getenv());
            if (options.help()) {
                System.out.print(Options.usage());
                return;
            }
            if (options.completion()) {
                System.out.print(Options.completionScript());
                return;
            }
            if (options.verbose()) {
                ConsoleLog.everyStep();
            }
            ScenarioLoader loader = new ScenarioLoader(options.scenarioDirectory());
            if (!options.diagnose().isEmpty()) {
                System.exit(OfflineDiagnosis.run(options.diagnose(), loader,
                        CertificateStore.open(options.certificateDirectory()), System.out));
                return;
            }
            sources = options.all() || options.list() ? loader.names() : List.of(options.scenario());
            scenarios = new ArrayList<>();
            for (String source : sources) {
                Scenario scenario = loader.load(source, options.scenarioOverrides());
                scenarios.add(scenario.withListener(options.host().orElse(scenario.listener().host()),
                        options.port().orElse(scenario.listener().port())));
            }
            if (options.list()) {
                Catalogue.print(scenarios, System.out);
                return;
            }
            checkPortsDiffer(scenarios);
            run(options, loader, scenarios, sources);
        } catch (IllegalArgumentException | ScenarioException | IllegalStateException e) {
            System.err.println("tds-mock: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void checkPortsDiffer(List<Scenario> scenarios) {
        Map<Integer, String> taken = new HashMap<>();
        for (Scenario scenario : scenarios) {
            String other = taken.putIfAbsent(scenario.listener().port(), scenario.name());
            if (other != null && scenario.listener().port() != 0) {
                throw new IllegalArgumentException("scenarios '" + other + "' and '" + scenario.name()
                        + "' both name port " + scenario.listener().port());
            }
        }
    }

    private static void run(Options options, ScenarioLoader loader, List<Scenario> scenarios, List<String> sources)
            throws InterruptedException {
        JournalMemory.process().maxBytes(options.journalMemory());
        CertificateStore certificates = openCertificates(options.certificateDirectory());
        JournalFile journal = options.journal().map(file -> new JournalFile(file, options.journalRotation()))
                .orElse(null);
        Listeners listeners = new Listeners(loader, options.scenarioOverrides());
        ControlApi control = null;
        try {
            List<Scenario> started = new ArrayList<>();
            for (int i = 0; i < scenarios.size(); i++) {
                TdsServer server = TdsServer.start(scenarios.get(i), certificates, journal, loader);
                listeners.add(server, sources.get(i));
                started.add(server.scenario().withListener(server.address().getHostString(), server.port()));
            }
            control = startControlApi(options, listeners, certificates);
            if (options.all()) {
                Catalogue.print(started, System.out);
            }
            System.out.println(summary(started, certificates, journal, options, control));
        } catch (RuntimeException e) {
            listeners.closeAll();
            if (journal != null) {
                journal.close();
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        ControlApi controlApi = control;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (controlApi != null) {
                controlApi.close();
            }
            listeners.closeAll();
            if (journal != null) {
                journal.close();
            }
            stopped.countDown();
        }, "tds-mock-shutdown"));
        stopped.await();
    }

    /**
     * Opens the certificate store (reads and checks the CA and the server certificate, or makes them) on a thread
     * of its own while this one starts the logging and loads BoringSSL: these take the longest of a start and need
     * nothing from each other. What opening the store throws is thrown here, as if it had been opened on this
     * thread.
     */
    private static CertificateStore openCertificates(Path directory) throws InterruptedException {
        FutureTask<CertificateStore> opening = new FutureTask<>(() -> CertificateStore.open(directory));
        Thread thread = new Thread(opening, "tds-mock-certificates");
        thread.setDaemon(true);
        thread.start();
        LoggerFactory.getILoggerFactory(); // Logback reads its configuration meanwhile
        TlsContexts.prepare();
        try {
            return opening.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A second tds-mock on the same machine finds the default port taken: it runs on without the API. */
    private static ControlApi startControlApi(Options options, Listeners listeners, CertificateStore certificates) {
        if (options.controlPort() < 0) {
            return null;
        }
        try {
            return ControlApi.start(options.controlHost(), options.controlPort(), options.controlToken(), listeners,
                    certificates);
        } catch (IllegalStateException e) {
            if (options.controlPortGiven()) {
                throw e;
            }
            System.err.println("tds-mock: no control API: " + e.getMessage() + " (give --control-port N to choose "
                    + "another port)");
            return null;
        }
    }

    private static String summary(List<Scenario> started, CertificateStore certificates, JournalFile journal,
                                  Options options, ControlApi control) {
        StringBuilder text = new StringBuilder("tds-mock: ");
        if (started.size() == 1) {
            Scenario scenario = started.get(0);
            text.append("scenario '").append(scenario.name()).append("' on ").append(scenario.listener().host())
                    .append(':').append(scenario.listener().port()).append("; ");
        } else {
            text.append(started.size()).append(" scenarios; ");
        }
        text.append("CA for clients to trust: ").append(certificates.caPem().toAbsolutePath())
                .append(" (PKCS#12: ").append(certificates.caTrustStore().toAbsolutePath()).append(", password ")
                .append(CertificateStore.TRUST_STORE_PASSWORD).append(')');
        if (journal != null) {
            text.append("; journal: ").append(journal.path().toAbsolutePath()).append(" (rotated at ")
                    .append(journal.rotation().maxBytes()).append(" bytes, ").append(journal.rotation().keep())
                    .append(" kept)");
        }
        List<Path> captures = started.stream().flatMap(scenario -> scenario.capture().directory().stream())
                .distinct().toList();
        if (!captures.isEmpty()) {
            text.append("; captures: ").append(captures.size() == 1 ? captures.get(0).toString() : captures);
        }
        List<String> upstreams = started.stream().filter(scenario -> scenario.upstream().enabled())
                .map(scenario -> scenario.upstream().address()).distinct().toList();
        if (!upstreams.isEmpty()) {
            text.append("; relaying to upstream ").append(upstreams.size() == 1 ? upstreams.get(0) : upstreams);
        }
        if (control != null) {
            text.append("; control API: http://").append(options.controlHost()).append(':').append(control.port())
                    .append('/');
        }
        return text.toString();
    }
}
