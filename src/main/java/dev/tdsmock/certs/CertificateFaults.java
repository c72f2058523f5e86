package dev.tdsmock.certs;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * What a client that validates the server's certificate (RFC 5280 section 6) would object to in the chain a
 * server sends, in the journal's words: an expired or not yet valid leaf, host names without localhost, a
 * self-signed leaf, an issuer the server does not send, a root other than the test CA, an extended key usage
 * without serverAuth. Used to explain a connection that the client ended during or right after the handshake.
 */
public final class CertificateFaults {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final java.util.Map<String, String> PURPOSE_NAMES = java.util.Map.of(SERVER_AUTH, "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth");
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateFaults() {
    }

    /**
     * @param sent the chain the server sends, leaf first
     * @param testCa the CA clients are given ({@code certs/ca.pem})
     * @return the objections, joined with "; ", or empty for a chain a validating client accepts for localhost
     */
    public static Optional<String> describe(X509Certificate[] sent, X509Certificate testCa, Instant now) {
        X509Certificate leaf = sent[0];
        List<String> faults = new ArrayList<>();
        if (leaf.getNotAfter().before(Date.from(now))) {
            faults.add("it expired on " + leaf.getNotAfter().toInstant());
        } else if (leaf.getNotBefore().after(Date.from(now))) {
            faults.add("it is not valid before " + leaf.getNotBefore().toInstant());
        }
        hostNames(leaf).ifPresent(faults::add);
        issuer(sent, testCa).ifPresent(faults::add);
        serverAuth(leaf).ifPresent(faults::add);
        weakSignature(leaf).ifPresent(faults::add);
        return faults.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", faults));
    }

    /**
     * A leaf signed with MD5 or SHA-1: the JDK refuses MD5 everywhere, GnuTLS and OpenSSL 3 (security level 1 and
     * above) refuse SHA-1 too, whatever the issuer.
     */
    private static Optional<String> weakSignature(X509Certificate leaf) {
        String algorithm = leaf.getSigAlgName().toUpperCase(java.util.Locale.ROOT);
        if (algorithm.startsWith("MD5") || algorithm.startsWith("SHA1")) {
            return Optional.of("it is signed with " + leaf.getSigAlgName() + ", a hash validators refuse (MD5: all;"
                    + " SHA-1: GnuTLS, OpenSSL 3)");
        }
        return Optional.empty();
    }

    private static Optional<String> hostNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> name : leaf.getSubjectAlternativeNames()) {
                    int type = (Integer) name.get(0);
                    if (type == DNS_NAME || type == IP_ADDRESS) {
                        names.add(String.valueOf(name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return Optional.of("its subjectAltName cannot be read");
        }
        if (names.contains("localhost")) {
            return Optional.empty();
        }
        return Optional.of(names.isEmpty()
                ? "it names no host (" + leaf.getSubjectX500Principal().getName() + ", no subjectAltName)"
                : "it names only " + names + ", not localhost");
    }

    /** Walks the chain sent from the leaf up: it must reach the test CA. */
    private static Optional<String> issuer(X509Certificate[] sent, X509Certificate testCa) {
        X509Certificate current = sent[0];
        for (int depth = 0; depth <= sent.length; depth++) {
            if (current.getIssuerX500Principal().equals(testCa.getSubjectX500Principal()) && verifies(current, testCa)) {
                return Optional.empty();
            }
            if (current.getIssuerX500Principal().equals(current.getSubjectX500Principal())
                    && verifies(current, current)) {
                return Optional.of(depth == 0
                        ? "it is self-signed (" + current.getSubjectX500Principal().getName() + ")"
                        : "its root is " + current.getSubjectX500Principal().getName() + ", not the test CA clients"
                                + " are given");
            }
            X509Certificate next = parentIn(sent, current);
            if (next == null) {
                return Optional.of((depth == 0 ? "it is" : "its chain is") + " issued by "
                        + current.getIssuerX500Principal().getName() + ", which the server does not send");
            }
            current = next;
        }
        return Optional.of("its chain does not end");
    }

    private static X509Certificate parentIn(X509Certificate[] sent, X509Certificate child) {
        for (X509Certificate candidate : sent) {
            if (candidate != child && candidate.getSubjectX500Principal().equals(child.getIssuerX500Principal())
                    && verifies(child, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Optional<String> serverAuth(X509Certificate leaf) {
        try {
            List<String> purposes = leaf.getExtendedKeyUsage();
            if (purposes == null || purposes.contains(SERVER_AUTH)) {
                return Optional.empty();
            }
            return Optional.of("its extended key usage " + purposes.stream().map(p -> PURPOSE_NAMES.getOrDefault(p, p))
                    .toList() + " has no serverAuth");
        } catch (CertificateParsingException e) {
            return Optional.of("its extended key usage cannot be read");
        }
    }
}
