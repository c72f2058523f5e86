package dev.tdsmock.tls.bc;

import dev.tdsmock.certs.ServerIdentity;
import java.util.List;
import java.util.Objects;

/**
 * Everything the Bouncy Castle server needs for one scenario. Immutable.
 *
 * @param protocols JDK names: "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"
 * @param cipherSuites IANA codes in the server's order of preference; empty for Bouncy Castle's defaults
 * @param dhGroup the group of DHE suites
 * @param dhSecret how the DH shared secret becomes the premaster secret
 * @param shortDhPublicKey pick the server's DH private key so that its public value Y, padded to the length of p,
 *     starts with a zero byte, and send Y without it (minimal big-endian encoding)
 * @param alpn protocols the server accepts (e.g. "tds/8.0"); empty for no ALPN
 * @param sendAlertOnFailure false: on a failed handshake nothing more is written
 * @param identity key and certificate chain (RSA)
 */
public record BcTlsSettings(
        List<String> protocols,
        List<Integer> cipherSuites,
        DhGroup dhGroup,
        DhSecretHandling dhSecret,
        boolean shortDhPublicKey,
        List<String> alpn,
        boolean sendAlertOnFailure,
        ServerIdentity identity) {

    public BcTlsSettings {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        alpn = List.copyOf(alpn);
        Objects.requireNonNull(dhGroup, "dhGroup");
        Objects.requireNonNull(dhSecret, "dhSecret");
        Objects.requireNonNull(identity, "identity");
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("at least one TLS version is needed");
        }
        protocols.forEach(TlsNames::version);
        for (int suite : cipherSuites) {
            if (suite < 0 || suite > 0xFFFF) {
                throw new IllegalArgumentException("not a cipher suite code: " + suite);
            }
        }
        if (alpn.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("an ALPN protocol name cannot be empty");
        }
    }

    /**
     * TLS 1.2 with Bouncy Castle's cipher suites, ffdhe2048 for DHE with RFC 5246's handling of Z, no ALPN, and an
     * alert on failure.
     */
    public static BcTlsSettings defaults(ServerIdentity identity) {
        return new BcTlsSettings(List.of("TLSv1.2"), List.of(), DhGroup.named("ffdhe2048"),
                DhSecretHandling.STRIP_LEADING_ZEROS, false, List.of(), true, identity);
    }

    public BcTlsSettings withProtocols(String... protocols) {
        return new BcTlsSettings(List.of(protocols), cipherSuites, dhGroup, dhSecret, shortDhPublicKey, alpn,
                sendAlertOnFailure, identity);
    }

    public BcTlsSettings withCipherSuites(Integer... cipherSuites) {
        return new BcTlsSettings(protocols, List.of(cipherSuites), dhGroup, dhSecret, shortDhPublicKey, alpn,
                sendAlertOnFailure, identity);
    }

    public BcTlsSettings withDh(DhGroup dhGroup, DhSecretHandling dhSecret, boolean shortDhPublicKey) {
        return new BcTlsSettings(protocols, cipherSuites, dhGroup, dhSecret, shortDhPublicKey, alpn,
                sendAlertOnFailure, identity);
    }

    public BcTlsSettings withAlpn(String... alpn) {
        return new BcTlsSettings(protocols, cipherSuites, dhGroup, dhSecret, shortDhPublicKey, List.of(alpn),
                sendAlertOnFailure, identity);
    }

    public BcTlsSettings withSendAlertOnFailure(boolean sendAlertOnFailure) {
        return new BcTlsSettings(protocols, cipherSuites, dhGroup, dhSecret, shortDhPublicKey, alpn,
                sendAlertOnFailure, identity);
    }
}
