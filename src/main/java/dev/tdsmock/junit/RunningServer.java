package dev.tdsmock.junit;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import java.nio.file.Path;
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
    private final AtomicBoolean closed = new AtomicBoolean();

    private RunningServer(TdsMockServer handle) {
        this.handle = handle;
    }

    static RunningServer start(TdsMock settings) {
        Scenario scenario = new ScenarioLoader(Path.of(settings.scenarioDirectory())).load(settings.scenario())
                .withListener(LOOPBACK, 0);
        CertificateStore certificates = CertificateStore.open(Path.of(settings.certificateDirectory()));
        return new RunningServer(new TdsMockServer(TdsServer.start(scenario, certificates), certificates));
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
