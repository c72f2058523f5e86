package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.diagnose.Diagnosis;
import dev.tdsmock.diagnose.PreparedScenario;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.tls.TlsEngines;
import java.util.Optional;

/** A scenario made ready to serve: its TLS engines and SQL answers. A connection keeps the one it started with. */
final class ScenarioRuntime {
    private final PreparedScenario prepared;
    private final SqlResponder responder;
    private final Optional<Diagnosis> diagnosis;

    /** @param loader the catalogue a diagnosing scenario judges clients against */
    ScenarioRuntime(Scenario scenario, CertificateStore certificates, ScenarioLoader loader) {
        this.prepared = PreparedScenario.of(scenario, certificates);
        this.responder = new SqlResponder(scenario.answers());
        this.diagnosis = scenario.diagnose() ? Optional.of(Diagnosis.of(loader, certificates)) : Optional.empty();
    }

    /** For a scenario with diagnose = true: the catalogue its logins are judged against. */
    Optional<Diagnosis> diagnosis() {
        return diagnosis;
    }

    /** What a client that validates the certificate would object to in the chain sent, if anything. */
    Optional<String> certificateFault() {
        return prepared.certificateFault();
    }

    Scenario scenario() {
        return prepared.scenario();
    }

    TlsEngines tls() {
        return prepared.tls();
    }

    SqlResponder responder() {
        return responder;
    }
}
