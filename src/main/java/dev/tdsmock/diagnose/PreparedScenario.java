package dev.tdsmock.diagnose;

import dev.tdsmock.certs.CertificateFaults;
import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.certs.ServerIdentity;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.TlsEngines;
import java.time.Instant;
import java.util.Optional;

/**
 * A scenario with what its listener serves TLS with: its TLS engines (the certificate it sends included) and what
 * a client that validates that certificate would object to. Listeners serve from one; a diagnosis judges from the
 * same.
 *
 * @param certificateFault what a client that validates the certificate would object to in the chain, if anything
 */
public record PreparedScenario(Scenario scenario, TlsEngines tls, Optional<String> certificateFault) {
    public static PreparedScenario of(Scenario scenario, CertificateStore certificates) {
        Scenario.CertificateSettings certificate = scenario.tls().certificate();
        ServerIdentity identity = certificates.identity(certificate.name(), certificate.leaf())
                .sending(certificate.chain());
        return new PreparedScenario(scenario, new TlsEngines(scenario.tls(), identity),
                CertificateFaults.describe(identity.chain(), certificates.ca(), Instant.now()));
    }
}
