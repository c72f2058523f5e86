package dev.tdsmock.server;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import java.util.List;

/**
 * The journal's tlsFault for a handshake the client gave up on, when the scenario's TLS settings are the likely
 * reason: an old version in the ServerHello, or a certificate a validating client refuses. A note already
 * recorded (a refusal, a DH quirk, legacy negotiation) is kept.
 */
final class TlsFaultNotes {
    private TlsFaultNotes() {
    }

    /**
     * A ServerHello of TLS 1.0 or 1.1, older than the newest version the client offered.
     *
     * @param hello the ServerHello's version and suite, e.g. "TLSv1 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"
     * @param outcome what the client did, e.g. "which the client refused"
     */
    static void olderVersion(Connection connection, String hello, List<String> versions, String outcome) {
        ClientHello clientHello = connection.record().clientHello();
        boolean older = hello.startsWith("TLSv1 ") || hello.startsWith("TLSv1.1 ");
        if (!older || connection.record().tlsFault() != null || clientHello == null
                || clientHello.offeredVersions().isEmpty()
                || hello.startsWith(TlsNames.version(clientHello.offeredVersions().get(0)) + " ")) {
            return;
        }
        connection.record().tlsFault("the server answered " + hello + " (it speaks " + versions + "), " + outcome);
    }

    /** A certificate chain that a client validating it for localhost refuses (see CertificateFaults). */
    static void certificate(Connection connection) {
        if (connection.record().tlsFault() == null) {
            connection.runtime().certificateFault().ifPresent(fault -> connection.record().tlsFault(
                    "the server's certificate, which a client that validates it refuses: " + fault));
        }
    }
}
