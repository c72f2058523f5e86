package dev.tdsmock.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Locale;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the test CA, the other CAs (an intermediate it issues, a root clients are not given) and the server
 * certificates they sign. Keys, signatures and certificate parsing all come from the JDK's default providers, so
 * no provider has to be installed in the JVM.
 */
final class CertificateIssuer {

    static final X500Principal CA_SUBJECT = new X500Principal("CN=tds-mock test CA, O=tds-mock");
    static final X500Principal INTERMEDIATE_SUBJECT = new X500Principal("CN=tds-mock intermediate CA, O=tds-mock");
    static final X500Principal UNTRUSTED_CA_SUBJECT = new X500Principal("CN=tds-mock untrusted CA, O=tds-mock");

    private static final String CA_SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final int CA_YEARS = 10;
    private static final int INTERMEDIATE_YEARS = 5;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    CertificateIssuer(Clock clock) {
        this.clock = clock;
    }

    /**
     * The identifier of a signature algorithm the RSA CA can sign with, such as "SHA1withRSA".
     *
     * @throws IllegalArgumentException for an unknown name or one that needs a key other than RSA
     */
    static AlgorithmIdentifier caSignatureAlgorithm(String name) {
        if (!name.toLowerCase(Locale.ROOT).endsWith("withrsa")) {
            throw new IllegalArgumentException(
                    "the CA has an RSA key, so it signs with one of the *withRSA algorithms, not " + name);
        }
        return new DefaultSignatureAlgorithmIdentifierFinder().find(name);
    }

    /** The test CA: RSA 2048, self-signed, from yesterday for 10 years. */
    CertificateAuthority createCa() {
        return createRoot(CA_SUBJECT);
    }

    /**
     * A root CA with the given subject: RSA 2048, self-signed with SHA256withRSA, from yesterday for 10 years,
     * basicConstraints cA true and keyUsage keyCertSign|cRLSign (both critical, RFC 5280 sections 4.2.1.9 and
     * 4.2.1.3), subjectKeyIdentifier.
     */
    CertificateAuthority createRoot(X500Principal subject) {
        try {
            KeyPair keys = KeyType.RSA.generate(random);
            Instant notBefore = validFrom();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, serialNumber(), Date.from(notBefore), yearsLater(notBefore, CA_YEARS),
                    subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate(), CA_SIGNATURE_ALGORITHM);
            return new CertificateAuthority(keys.getPrivate(), certificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the CA " + subject, e);
        }
    }

    /**
     * An intermediate CA issued by {@code root}: RSA 2048, SHA256withRSA, from yesterday for 5 years but never
     * beyond the root, basicConstraints cA true with pathLenConstraint 0, keyUsage keyCertSign|cRLSign,
     * subjectKeyIdentifier and authorityKeyIdentifier (RFC 5280 sections 4.2.1.9, 4.2.1.3, 4.2.1.2, 4.2.1.1).
     */
    CertificateAuthority createIntermediate(CertificateAuthority root) {
        try {
            KeyPair keys = KeyType.RSA.generate(random);
            Instant notBefore = validFrom();
            Date notAfter = yearsLater(notBefore, INTERMEDIATE_YEARS);
            if (notAfter.after(root.certificate().getNotAfter())) {
                notAfter = root.certificate().getNotAfter();
            }
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    root.certificate(), serialNumber(), Date.from(notBefore), notAfter,
                    INTERMEDIATE_SUBJECT, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(root.certificate()))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, root.key(), CA_SIGNATURE_ALGORITHM);
            return new CertificateAuthority(keys.getPrivate(), certificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the intermediate CA", e);
        }
    }

    /**
     * A new key and a leaf certificate for it as the profile says: subject, subjectAltName, extKeyUsage,
     * validity relative to this issuer's clock, keyUsage for the key type (critical), basicConstraints cA false
     * (critical), subjectKeyIdentifier, and authorityKeyIdentifier when another CA signs it.
     *
     * @param signer the CA that signs it, or null for a self-signed leaf (issuer = subject, signed with its own key)
     * @return the leaf's key and a chain of the leaf alone
     */
    ServerIdentity issueLeaf(LeafProfile profile, CertificateAuthority signer) {
        KeyType keyType = KeyType.of(profile.keyAlgorithm());
        try {
            KeyPair keys = keyType.generate(random);
            Validity validity = profile.validity();
            Instant notBefore = validity.notBefore(clock.instant());
            X500Principal subject = profile.subjectName();
            X500Principal issuer = signer == null ? subject : signer.certificate().getSubjectX500Principal();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serialNumber(),
                    Date.from(notBefore), Date.from(validity.notAfter(notBefore)), subject, keys.getPublic());
            if (!profile.hostNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        LeafNames.subjectAltName(profile.hostNames()));
            }
            if (!profile.extendedKeyUsage().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        LeafNames.extendedKeyUsage(profile.extendedKeyUsage()));
            }
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyType.keyUsage));
            if (signer != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        authorityKeyIdentifier(signer.certificate()));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            PrivateKey signingKey = signer == null ? keys.getPrivate() : signer.key();
            X509Certificate leaf = sign(builder, signingKey, profile.signatureAlgorithm());
            return new ServerIdentity(keys.getPrivate(), new X509Certificate[] {leaf});
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a server certificate signed with "
                    + profile.signatureAlgorithm(), e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, String algorithm)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).setSecureRandom(random).build(signingKey)));
    }

    /** Points at the CA's own subject key identifier, so that it also fits a CA made elsewhere. */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate ca)
            throws GeneralSecurityException, IOException {
        byte[] extension = ca.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey());
        }
        byte[] keyId = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                .getKeyIdentifier();
        return new AuthorityKeyIdentifier(keyId);
    }

    /** Yesterday, so that a client whose clock is somewhat behind still accepts the certificate. */
    private Instant validFrom() {
        return clock.instant().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    }

    private static Date yearsLater(Instant start, int years) {
        return Date.from(start.atOffset(ZoneOffset.UTC).plusYears(years).toInstant());
    }

    /** Positive, with 127 random bits: well above the 64 bits that keep serials unpredictable. */
    private BigInteger serialNumber() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
