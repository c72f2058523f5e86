package dev.tdsmock.support;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import java.nio.file.Path;

/** Starts servers for tests: always on loopback, always on a free port; the caller closes them. */
public final class TestServers {
    public static final Path SCENARIOS = Path.of("scenarios");
    public static final Path TEST_SCENARIOS = Path.of("src/test/resources/scenarios");
    public static final Path CERTS = Path.of("certs");

    private TestServers() {
    }

    /** A scenario from scenarios/ by name, or from src/test/resources/scenarios/ when the name ends in .conf. */
    public static TdsServer start(String scenario) {
        String nameOrPath = scenario.endsWith(".conf") ? TEST_SCENARIOS.resolve(scenario).toString() : scenario;
        Scenario loaded = new ScenarioLoader(SCENARIOS).load(nameOrPath).withListener("127.0.0.1", 0);
        return TdsServer.start(loaded, certificates());
    }

    public static CertificateStore certificates() {
        return CertificateStore.open(CERTS);
    }
}
