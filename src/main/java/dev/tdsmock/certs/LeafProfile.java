package dev.tdsmock.certs;

import java.time.Period;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * What a server's leaf certificate is asked to be, field by field of RFC 5280.
 *
 * @param keyAlgorithm "RSA" (2048 bits) or "EC" (P-256), the subjectPublicKeyInfo (section 4.1.2.7)
 * @param signatureAlgorithm what the issuer signs with (section 4.1.1.2), one of the *withRSA algorithms such as
 *     "SHA256withRSA"; a {@link LeafIssuer#SELF} leaf signs itself, so it needs an RSA key
 * @param issuer who signs it (section 4.1.2.4)
 * @param subject the subject's distinguished name (section 4.1.2.6), e.g. "CN=localhost, O=tds-mock"
 * @param hostNames the subjectAltName (section 4.2.1.6): IP literals become iPAddress entries, the rest dNSName;
 *     empty for no subjectAltName extension
 * @param extendedKeyUsage the purposes of the extKeyUsage extension (section 4.2.1.12), "serverAuth" and/or
 *     "clientAuth"; empty for no extension (which RFC 5280 reads as any purpose)
 * @param validFrom notBefore relative to the date it is issued (negative: in the past), section 4.1.2.5
 * @param validFor notAfter minus notBefore, more than nothing
 */
public record LeafProfile(String keyAlgorithm, String signatureAlgorithm, LeafIssuer issuer, String subject,
                          List<String> hostNames, List<String> extendedKeyUsage, Period validFrom, Period validFor) {

    /** The extended key usage names this accepts. */
    public static final Set<String> PURPOSES = Set.of("serverAuth", "clientAuth");

    public static final String STANDARD_SUBJECT = "CN=localhost, O=tds-mock";
    public static final List<String> STANDARD_HOST_NAMES = List.of("localhost", "127.0.0.1", "::1");

    /**
     * @throws IllegalArgumentException for a subject that is no distinguished name, an unknown purpose, a
     *     length that is not positive, or a self-signed leaf with another key than RSA
     */
    public LeafProfile {
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(issuer, "issuer");
        new X500Principal(subject);
        hostNames = List.copyOf(hostNames);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        for (String purpose : extendedKeyUsage) {
            if (!PURPOSES.contains(purpose)) {
                throw new IllegalArgumentException("extended key usage '" + purpose + "' is none of " + PURPOSES);
            }
        }
        new Validity(validFrom, validFor);
        if (issuer == LeafIssuer.SELF && !keyAlgorithm.equalsIgnoreCase("RSA")) {
            throw new IllegalArgumentException("a self-signed leaf signs with its own key, so it needs an RSA key");
        }
    }

    /** Issued by the test CA for localhost, 127.0.0.1 and ::1, serverAuth, from yesterday for two years. */
    public static LeafProfile standard(String keyAlgorithm, String signatureAlgorithm) {
        return new LeafProfile(keyAlgorithm, signatureAlgorithm, LeafIssuer.CA, STANDARD_SUBJECT, STANDARD_HOST_NAMES,
                List.of("serverAuth"), Validity.STANDARD.from(), Validity.STANDARD.length());
    }

    X500Principal subjectName() {
        return new X500Principal(subject);
    }

    Validity validity() {
        return new Validity(validFrom, validFor);
    }
}
