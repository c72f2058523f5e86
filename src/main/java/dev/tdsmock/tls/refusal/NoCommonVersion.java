package dev.tdsmock.tls.refusal;

import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import java.util.List;
import java.util.Optional;

/** Article scenario 1: client and server have no TLS version in common. */
final class NoCommonVersion implements HelloCheck {
    @Override
    public Optional<Refusal> refuse(ClientHello hello, List<String> versions, TlsEngines engines) {
        if (Versions.agreed(hello, versions).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("no common TLS version: the client offers "
                + Versions.names(hello.offeredVersions()) + ", the server speaks " + versions,
                Refusal.PROTOCOL_VERSION));
    }
}
