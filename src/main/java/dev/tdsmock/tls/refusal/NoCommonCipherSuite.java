package dev.tdsmock.tls.refusal;

import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import java.util.List;
import java.util.Optional;

/** Article scenario 2: a version in common, but no cipher suite the server allows is one the client offers. */
final class NoCommonCipherSuite implements HelloCheck {
    @Override
    public Optional<Refusal> refuse(ClientHello hello, List<String> versions, TlsEngines engines) {
        List<Integer> serverSuites = engines.settings().cipherSuites();
        if (serverSuites.isEmpty() || serverSuites.stream().anyMatch(hello::offersCipherSuite)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("no common cipher suite: the client offers " + hello.cipherSuites().size()
                + " suites, none of the server's " + serverSuites.stream().map(TlsNames::cipherSuite).toList(),
                Refusal.HANDSHAKE_FAILURE, "enable one of the server's cipher suites in the client (the operating"
                + " system's cipher suite order, or the driver's), e.g. " + TlsNames.cipherSuite(serverSuites.get(0))));
    }
}
