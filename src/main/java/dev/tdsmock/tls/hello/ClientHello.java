package dev.tdsmock.tls.hello;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a client offered in its ClientHello. Lists keep the client's order; GREASE values (RFC 8701) are kept in the raw lists. */
public record ClientHello(
        int recordVersion,
        int legacyVersion,
        List<Integer> supportedVersions,
        List<Integer> cipherSuites,
        List<Integer> compressionMethods,
        List<Integer> extensionTypes,
        String serverName,
        List<String> alpn,
        List<Integer> supportedGroups,
        List<Integer> signatureAlgorithms,
        List<Integer> signatureAlgorithmsCert,
        List<Integer> keyShareGroups) {

    private static final int SSL_3_0 = 0x0300;
    private static final int TLS_1_0 = 0x0301;
    private static final int TLS_1_2 = 0x0303;

    public ClientHello {
        supportedVersions = List.copyOf(supportedVersions);
        cipherSuites = List.copyOf(cipherSuites);
        compressionMethods = List.copyOf(compressionMethods);
        extensionTypes = List.copyOf(extensionTypes);
        alpn = List.copyOf(alpn);
        supportedGroups = List.copyOf(supportedGroups);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        signatureAlgorithmsCert = List.copyOf(signatureAlgorithmsCert);
        keyShareGroups = List.copyOf(keyShareGroups);
    }

    /**
     * The protocol versions the client offers, newest first, GREASE left out: supported_versions when present,
     * otherwise every version from TLS 1.0 up to legacyVersion, at most TLS 1.2 (SSL 3.0 when legacyVersion is SSL 3.0).
     */
    public List<Integer> offeredVersions() {
        if (!supportedVersions.isEmpty()) {
            return supportedVersions.stream().filter(v -> !Grease.isGrease(v)).distinct()
                    .sorted(Comparator.reverseOrder()).toList();
        }
        if (legacyVersion == SSL_3_0) {
            return List.of(SSL_3_0);
        }
        // Without supported_versions a client offers legacyVersion and every earlier version, and never TLS 1.3
        // even when legacyVersion says so (RFC 8446 section 4.2.1).
        List<Integer> versions = new ArrayList<>();
        if (legacyVersion >> 8 == 3) {
            for (int version = Math.min(legacyVersion, TLS_1_2); version >= TLS_1_0; version--) {
                versions.add(version);
            }
        }
        return List.copyOf(versions);
    }

    public boolean offersVersion(int version) {
        return offeredVersions().contains(version);
    }

    /** True when the client lists this cipher suite (IANA code). */
    public boolean offersCipherSuite(int suite) {
        return cipherSuites.contains(suite);
    }

    /** One line for a log, of bounded length: versions, suites, groups, signature algorithms, SNI and ALPN. */
    public String summary() {
        return ClientHelloSummary.of(this);
    }
}
