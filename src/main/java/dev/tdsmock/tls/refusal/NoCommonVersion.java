package dev.tdsmock.tls.refusal;

import dev.tdsmock.scenario.Scenario.VersionNegotiation;
import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import java.util.List;
import java.util.Optional;

/**
 * Article scenario 1: no TLS version the server can answer with. With supported-versions negotiation, no
 * version in common; with legacy negotiation, none at or below the ClientHello's legacy_version.
 */
final class NoCommonVersion implements HelloCheck {
    @Override
    public Optional<Refusal> refuse(ClientHello hello, List<String> versions, TlsEngines engines) {
        VersionNegotiation negotiation = engines.settings().versionNegotiation();
        if (Versions.chosen(hello, versions, negotiation).isPresent()) {
            return Optional.empty();
        }
        String reason = negotiation == VersionNegotiation.LEGACY_VERSION
                ? "no TLS version at or below the client's legacy_version " + TlsNames.version(hello.legacyVersion())
                        + ": the server speaks " + versions + " (legacy negotiation ignores supported_versions)"
                : "no common TLS version: the client offers " + Versions.names(hello.offeredVersions())
                        + ", the server speaks " + versions;
        return Optional.of(new Refusal(reason, Refusal.PROTOCOL_VERSION, "enable " + versions
                + " in the client (its driver's settings, or the operating system's TLS settings), or update it"));
    }
}
