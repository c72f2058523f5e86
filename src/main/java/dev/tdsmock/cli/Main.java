package dev.tdsmock.cli;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioException;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import java.util.concurrent.CountDownLatch;

/** {@code tds-mock [--scenario NAME|FILE] [--port N] [--host ADDRESS] [--scenarios DIR] [--certs DIR]} */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tds-mock: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        Scenario scenario;
        try {
            scenario = new ScenarioLoader(options.scenarioDirectory()).load(options.scenario());
        } catch (ScenarioException e) {
            System.err.println("tds-mock: " + e.getMessage());
            System.exit(2);
            return;
        }
        scenario = scenario.withListener(options.host().orElse(scenario.listener().host()),
                options.port().orElse(scenario.listener().port()));
        CertificateStore certificates = CertificateStore.open(options.certificateDirectory());
        TdsServer server = TdsServer.start(scenario, certificates);
        System.out.println("tds-mock: scenario '" + scenario.name() + "' on " + scenario.listener().host() + ":"
                + server.port() + "; CA for clients to trust: " + certificates.caPem().toAbsolutePath()
                + " (PKCS#12: " + certificates.caTrustStore().toAbsolutePath() + ", password "
                + CertificateStore.TRUST_STORE_PASSWORD + ")");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tds-mock-shutdown"));
        stopped.await();
    }
}
