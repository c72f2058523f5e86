package dev.tdsmock.junit;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.faults.FaultDefinition;
import dev.tdsmock.faults.FaultReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started server as kept in an extension store. It is both AutoCloseable (what JUnit 5.13 and later close)
 * and CloseableResource (what older versions close); JUnit closes it once either way.
 */
@SuppressWarnings("deprecation")
final class RunningServer implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private static final String LOOPBACK = "127.0.0.1";
    private final TdsMockServer handle;
    private final List<FaultDefinition> startedWith;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningServer(TdsMockServer handle, List<FaultDefinition> startedWith) {
        this.handle = handle;
        this.startedWith = startedWith;
    }

    static RunningServer start(TdsMock settings) {
        ScenarioLoader loader = new ScenarioLoader(Path.of(settings.scenarioDirectory()));
        Scenario loaded = loader.load(settings.scenario())
                .withListener(LOOPBACK, 0);
        List<FaultDefinition> faults = new ArrayList<>(loaded.faults());
        for (String fault : settings.faults()) {
            faults.add(FaultReader.read(fault));
        }
        Scenario scenario = new Scenario(loaded.name(), loaded.description(), loaded.listener(), loaded.prelogin(),
                loaded.tls(), loaded.login(), loaded.limits(), loaded.answers(), loaded.churn(), List.copyOf(faults),
                loaded.capture(), loaded.diagnose(), loaded.upstream());
        CertificateStore certificates = CertificateStore.open(Path.of(settings.certificateDirectory()));
        return new RunningServer(new TdsMockServer(TdsServer.start(scenario, certificates, null, loader), certificates),
                scenario.faults());
    }

    /**
     * Before each test of a class that shares this server: the faults it started with (not those of a scenario
     * a test switched to through {@link TdsMockServer#server()}), and an empty journal.
     */
    void resetForTest() {
        handle.server().faults().replaceWith(startedWith);
        handle.server().journal().clear();
    }

    TdsMockServer handle() {
        return handle;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            handle.server().close();
        }
    }
}
