package dev.tdsmock.tls.refusal;

import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Article scenario 4, as Windows behaves: in TLS 1.2, Schannel cannot use a certificate chain signed with a
 * hash that the client's signature_algorithms (or signature_algorithms_cert) leave out, nor one its own
 * TLS 1.2 list left out (MD5, SHA-224 and SHA-512, the hashes the article names), so it closes the
 * connection instead of answering with a ServerHello. TLS 1.0 and 1.1 carry no signature algorithms, and a
 * self-signed certificate is not affected (the article says so): its signature is never checked against a
 * signature algorithm list.
 */
final class CertificateHashRefused implements HelloCheck {
    private static final int TLS12 = 0x0303;
    private static final int RSA = 1;
    private static final List<String> OLD_SCHANNEL_LEFT_OUT = List.of("MD5", "SHA224", "SHA512");
    private static final String FIX = "give the server a certificate signed with SHA-256 (the article's remedy), or"
            + " update the client so that its signature_algorithms list the certificate's hash";

    @Override
    public Optional<Refusal> refuse(ClientHello hello, List<String> versions, TlsEngines engines) {
        if (engines.settings().certificate().check() != Scenario.CertificateCheck.SCHANNEL
                || Versions.chosen(hello, versions, engines.settings().versionNegotiation()).orElse(0) != TLS12) {
            return Optional.empty();
        }
        X509Certificate leaf = engines.identity().leaf();
        if (selfSigned(leaf)) {
            return Optional.empty();
        }
        String hash = leaf.getSigAlgName().toUpperCase(Locale.ROOT).split("WITH")[0];
        int scheme = (hashCode(hash) << 8) | RSA;
        if (OLD_SCHANNEL_LEFT_OUT.contains(hash)) {
            return Optional.of(new Refusal("the server certificate is signed with " + leaf.getSigAlgName()
                    + ", a hash Schannel's TLS 1.2 signature list leaves out", Refusal.HANDSHAKE_FAILURE, FIX));
        }
        List<Integer> accepted = hello.signatureAlgorithmsCert().isEmpty()
                ? hello.signatureAlgorithms() : hello.signatureAlgorithmsCert();
        if (accepted.contains(scheme)) {
            return Optional.empty();
        }
        return Optional.of(new Refusal("the server certificate is signed with " + leaf.getSigAlgName()
                + " but the client's signature algorithms do not include " + TlsNames.signatureScheme(scheme),
                Refusal.HANDSHAKE_FAILURE, FIX));
    }

    /** Issued by itself: the subject is the issuer and the certificate verifies with its own key (RFC 5280 6.1). */
    static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    /** TLS 1.2 HashAlgorithm codes (RFC 5246 7.4.1.4.1). */
    private static int hashCode(String hash) {
        return switch (hash) {
            case "MD5" -> 1;
            case "SHA1" -> 2;
            case "SHA224" -> 3;
            case "SHA256" -> 4;
            case "SHA384" -> 5;
            case "SHA512" -> 6;
            default -> throw new IllegalStateException("no TLS 1.2 hash code for " + hash);
        };
    }
}
