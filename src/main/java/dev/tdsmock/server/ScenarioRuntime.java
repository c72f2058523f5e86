package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateFaults;
import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.certs.ServerIdentity;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.tls.TlsEngines;
import java.time.Instant;
import java.util.Optional;

/** A scenario made ready to serve: its TLS engines and SQL answers. A connection keeps the one it started with. */
final class ScenarioRuntime {
    private final Scenario scenario;
    private final TlsEngines tls;
    private final SqlResponder responder;
    private final Optional<String> certificateFault;

    ScenarioRuntime(Scenario scenario, CertificateStore certificates) {
        this.scenario = scenario;
        Scenario.CertificateSettings certificate = scenario.tls().certificate();
        ServerIdentity identity = certificates.identity(certificate.name(), certificate.leaf())
                .sending(certificate.chain());
        this.tls = new TlsEngines(scenario.tls(), identity);
        this.responder = new SqlResponder(scenario.answers());
        this.certificateFault = CertificateFaults.describe(identity.chain(), certificates.ca(), Instant.now());
    }

    /** What a client that validates the certificate would object to in the chain sent, if anything. */
    Optional<String> certificateFault() {
        return certificateFault;
    }

    Scenario scenario() {
        return scenario;
    }

    TlsEngines tls() {
        return tls;
    }

    SqlResponder responder() {
        return responder;
    }
}
