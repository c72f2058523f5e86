package dev.tdsmock.server;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.sql.SqlResponder;
import dev.tdsmock.tls.TlsEngines;

/** A scenario made ready to serve: its TLS engines and SQL answers. A connection keeps the one it started with. */
final class ScenarioRuntime {
    private final Scenario scenario;
    private final TlsEngines tls;
    private final SqlResponder responder;

    ScenarioRuntime(Scenario scenario, CertificateStore certificates) {
        this.scenario = scenario;
        Scenario.CertificateSettings certificate = scenario.tls().certificate();
        this.tls = new TlsEngines(scenario.tls(),
                certificates.identity(certificate.name(), certificate.leaf()).sending(certificate.chain()));
        this.responder = new SqlResponder(scenario.answers());
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
