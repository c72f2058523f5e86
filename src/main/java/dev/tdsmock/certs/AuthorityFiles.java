package dev.tdsmock.certs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

/**
 * The CAs of a certificate directory, each a {@code <name>.pem} + {@code <name>.key.pem} pair made on first use:
 * {@code ca} (the test CA, also written as the trust store {@code ca.p12}), {@code intermediate-ca} (issued by the
 * test CA) and {@code untrusted-ca} (a root no client is given). The caller holds the directory's lock.
 */
final class AuthorityFiles {
    static final String INTERMEDIATE = "intermediate-ca";
    static final String UNTRUSTED = "untrusted-ca";

    private final Path directory;
    private final Clock clock;
    private final CertificateIssuer issuer;

    AuthorityFiles(Path directory, Clock clock, CertificateIssuer issuer) {
        this.directory = directory;
        this.clock = clock;
        this.issuer = issuer;
    }

    /**
     * The test CA from ca.pem + ca.key.pem, or a new one written there; ca.p12 is written when missing or holding
     * another certificate.
     *
     * @throws IllegalStateException when a file exists but cannot be used; the message names it
     */
    CertificateAuthority root(Path trustStore, String alias, char[] password) {
        Path certificateFile = directory.resolve("ca.pem");
        Path keyFile = directory.resolve("ca.key.pem");
        CertificateAuthority authority;
        boolean created;
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate certificate = PemFiles.readCertificates(certificateFile).get(0);
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            StoredPair.require(keyFile, key, certificate, certificateFile);
            authority = new CertificateAuthority(key, certificate);
            created = false;
        } else {
            authority = issuer.createCa();
            write(certificateFile, keyFile, authority);
            created = true;
        }
        if (created || !Files.exists(trustStore)
                || !TrustStoreFile.holds(trustStore, alias, authority.certificate(), password)) {
            TrustStoreFile.write(trustStore, alias, authority.certificate(), password);
        }
        return authority;
    }

    /** intermediate-ca.pem: issued anew when it was not issued by {@code root} or is not valid now. */
    CertificateAuthority intermediate(CertificateAuthority root) {
        return loadOrCreate(INTERMEDIATE, root.certificate(), () -> issuer.createIntermediate(root));
    }

    /** untrusted-ca.pem: a self-signed root, made anew when it is not valid now. */
    CertificateAuthority untrusted() {
        return loadOrCreate(UNTRUSTED, null, () -> issuer.createRoot(CertificateIssuer.UNTRUSTED_CA_SUBJECT));
    }

    private CertificateAuthority loadOrCreate(String name, X509Certificate parent,
                                              Supplier<CertificateAuthority> create) {
        Path certificateFile = directory.resolve(name + ".pem");
        Path keyFile = directory.resolve(name + ".key.pem");
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate certificate = PemFiles.readCertificates(certificateFile).get(0);
            if (isCurrent(certificate, parent == null ? certificate : parent)) {
                PrivateKey key = PemFiles.readPrivateKey(keyFile);
                StoredPair.require(keyFile, key, certificate, certificateFile);
                return new CertificateAuthority(key, certificate);
            }
        }
        CertificateAuthority created = create.get();
        write(certificateFile, keyFile, created);
        return created;
    }

    private boolean isCurrent(X509Certificate certificate, X509Certificate issuerCertificate) {
        try {
            certificate.verify(issuerCertificate.getPublicKey());
            certificate.checkValidity(Date.from(clock.instant()));
            return certificate.getIssuerX500Principal().equals(issuerCertificate.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void write(Path certificateFile, Path keyFile, CertificateAuthority authority) {
        // the key first: a certificate on disk must never lack its key
        PemFiles.writePrivateKey(keyFile, authority.key());
        PemFiles.writeCertificates(certificateFile, List.of(authority.certificate()));
    }
}
