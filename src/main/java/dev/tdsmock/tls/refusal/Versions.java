package dev.tdsmock.tls.refusal;

import dev.tdsmock.scenario.Scenario.VersionNegotiation;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** TLS versions by their JDK names, and the one a server picks from a ClientHello. */
public final class Versions {
    private static final int TLS12 = 0x0303;
    private static final Map<String, Integer> CODES = Map.of("TLSv1", 0x0301, "TLSv1.1", 0x0302, "TLSv1.2", TLS12,
            "TLSv1.3", 0x0304);

    private Versions() {
    }

    static int code(String name) {
        Integer code = CODES.get(name);
        if (code == null) {
            throw new IllegalArgumentException("unknown TLS version " + name);
        }
        return code;
    }

    /**
     * The version the server's ServerHello carries: with {@code SUPPORTED_VERSIONS} the newest both sides speak
     * (RFC 8446 4.2.1); with {@code LEGACY_VERSION} the newest the server speaks not above the ClientHello's
     * legacy_version nor TLS 1.2, whatever the client's supported_versions say (RFC 5246 appendix E.1). Empty
     * when there is none: the handshake is refused.
     *
     * @param serverVersions JDK names, e.g. "TLSv1.2"
     */
    public static Optional<Integer> chosen(ClientHello hello, List<String> serverVersions,
                                           VersionNegotiation negotiation) {
        if (negotiation == VersionNegotiation.LEGACY_VERSION) {
            int ceiling = Math.min(hello.legacyVersion(), TLS12);
            return serverVersions.stream().map(Versions::code).filter(v -> v <= ceiling).max(Integer::compare);
        }
        return serverVersions.stream().map(Versions::code).filter(hello::offersVersion).max(Integer::compare);
    }

    /**
     * Legacy negotiation only: when the version chosen is one the client's supported_versions extension leaves
     * out, what the server does, in the journal's words; the client is bound to refuse that ServerHello.
     */
    public static Optional<String> chosenButNotOffered(ClientHello hello, List<String> serverVersions,
                                                       VersionNegotiation negotiation) {
        if (negotiation != VersionNegotiation.LEGACY_VERSION || hello.supportedVersions().isEmpty()) {
            return Optional.empty();
        }
        return chosen(hello, serverVersions, negotiation)
                .filter(version -> !hello.offersVersion(version))
                .map(version -> "the server answered " + TlsNames.version(version) + ", the newest it speaks (" + serverVersions
                        + ") not above the ClientHello's legacy_version " + TlsNames.version(hello.legacyVersion())
                        + ": legacy version negotiation, as Schannel before TLS 1.3, ignores supported_versions "
                        + names(hello.offeredVersions()));
    }

    static List<String> names(List<Integer> codes) {
        return codes.stream().map(TlsNames::version).toList();
    }
}
