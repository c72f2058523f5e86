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
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
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
 * Makes the test CA and the server certificates it signs. Keys, signatures and certificate parsing all come
 * from the JDK's default providers, so no provider has to be installed in the JVM.
 */
final class CertificateIssuer {

    static final X500Principal CA_SUBJECT = new X500Principal("CN=tds-mock test CA, O=tds-mock");
    static final X500Principal SERVER_SUBJECT = new X500Principal("CN=localhost, O=tds-mock");

    private static final String CA_SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final int CA_YEARS = 10;
    private static final int SERVER_YEARS = 2;

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

    CertificateAuthority createCa() {
        try {
            KeyPair keys = KeyType.RSA.generate(random);
            Instant notBefore = validFrom();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    CA_SUBJECT, serialNumber(), Date.from(notBefore), yearsLater(notBefore, CA_YEARS),
                    CA_SUBJECT, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate(), CA_SIGNATURE_ALGORITHM);
            return new CertificateAuthority(keys.getPrivate(), certificate);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the test CA", e);
        }
    }

    /** A new key and a certificate for it, valid for localhost, signed by the CA with the given algorithm. */
    ServerIdentity issueServer(CertificateAuthority ca, KeyType keyType, String signatureAlgorithm) {
        try {
            KeyPair keys = keyType.generate(random);
            Instant notBefore = validFrom();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    ca.certificate(), serialNumber(), Date.from(notBefore), yearsLater(notBefore, SERVER_YEARS),
                    SERVER_SUBJECT, keys.getPublic());
            GeneralNames localhost = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.iPAddress, "::1"),
            });
            builder.addExtension(Extension.subjectAlternativeName, false, localhost)
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyType.keyUsage))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(ca.certificate()))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate leaf = sign(builder, ca.key(), signatureAlgorithm);
            return new ServerIdentity(keys.getPrivate(), new X509Certificate[] {leaf, ca.certificate()});
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a server certificate signed with " + signatureAlgorithm, e);
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
