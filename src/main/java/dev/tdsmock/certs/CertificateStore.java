package dev.tdsmock.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * The certificates the server presents, kept as files in one directory.
 *
 * <p>Several threads and several JVMs may use one directory at once: every check and every generation happens
 * under a lock on the directory, and every file is replaced in one step.
 */
public final class CertificateStore {

    public static final String TRUST_STORE_PASSWORD = "changeit";

    static final String CA_ALIAS = "tds-mock-ca";
    static final String SERVER_NAME = "server";

    private static final Pattern IDENTITY_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    private final Path directory;
    private final Clock clock;
    private final CertificateIssuer issuer;
    private final DirectoryLock lock;
    private final CertificateAuthority ca;
    private final ConcurrentMap<String, ServerIdentity> identities = new ConcurrentHashMap<>();

    private CertificateStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        this.issuer = new CertificateIssuer(clock);
        this.lock = new DirectoryLock(directory);
        this.ca = lock.whileHolding(this::loadOrCreateCa);
    }

    /**
     * Opens (creating the directory when needed) a store. Loads the CA from ca.pem + ca.key.pem, or generates it:
     * RSA 2048, self-signed with SHA256withRSA, subject "CN=tds-mock test CA, O=tds-mock", valid from yesterday
     * for 10 years, BasicConstraints CA true (critical), KeyUsage keyCertSign|cRLSign (critical),
     * SubjectKeyIdentifier. Writes ca.pem, ca.key.pem (PKCS#8 PEM), and ca.p12 (PKCS#12 trust store holding the
     * CA certificate as a trusted entry, alias "tds-mock-ca", password TRUST_STORE_PASSWORD). Also makes sure the
     * default server identity exists.
     *
     * @throws IllegalStateException when a file of the store exists but cannot be used; the message names it
     */
    public static CertificateStore open(Path directory) {
        return open(directory, Clock.systemUTC());
    }

    static CertificateStore open(Path directory, Clock clock) {
        Path realDirectory;
        try {
            Files.createDirectories(directory);
            realDirectory = directory.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the certificate directory " + directory.toAbsolutePath(), e);
        }
        CertificateStore store = new CertificateStore(realDirectory, clock);
        store.server();
        return store;
    }

    public Path directory() {
        return directory;
    }

    public Path caPem() {
        return directory.resolve("ca.pem");
    }

    public Path caTrustStore() {
        return directory.resolve("ca.p12");
    }

    public X509Certificate ca() {
        return ca.certificate();
    }

    /** The default server identity: "server" issued by the CA with key RSA 2048 and SHA256withRSA. */
    public ServerIdentity server() {
        return identity(SERVER_NAME, "RSA", "SHA256withRSA");
    }

    /**
     * A named server identity, loaded from {@code <name>.pem} (chain: leaf then CA) + {@code <name>.key.pem}, or
     * issued by the CA and written there. A stored identity is issued anew when it was issued by another CA, has
     * expired, or has another key algorithm or signature algorithm than asked for.
     *
     * @param name letters, digits, '-' and '_'; "ca" is taken by the CA's own files
     * @param keyAlgorithm "RSA" (2048 bits) or "EC" (P-256)
     * @param signatureAlgorithm what the CA signs the leaf with, one of the *withRSA algorithms such as
     *     "MD5withRSA", "SHA1withRSA", "SHA224withRSA", "SHA256withRSA" or "SHA512withRSA"
     * @throws IllegalArgumentException for a name or algorithm outside those
     * @throws IllegalStateException when a file of the identity exists but cannot be used
     */
    public ServerIdentity identity(String name, String keyAlgorithm, String signatureAlgorithm) {
        checkName(name);
        KeyType keyType = KeyType.of(keyAlgorithm);
        String signatureOid = CertificateIssuer.caSignatureAlgorithm(signatureAlgorithm).getAlgorithm().getId();

        ServerIdentity cached = identities.get(name);
        if (cached != null && isCurrent(cached.leaf(), keyType, signatureOid)) {
            return cached;
        }
        ServerIdentity identity = lock.whileHolding(
                () -> loadOrIssue(name, keyType, signatureAlgorithm, signatureOid));
        identities.put(name, identity);
        return identity;
    }

    private CertificateAuthority loadOrCreateCa() {
        Path certificateFile = caPem();
        Path keyFile = directory.resolve("ca.key.pem");
        CertificateAuthority authority;
        boolean created;
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate certificate = PemFiles.readCertificates(certificateFile).get(0);
            PrivateKey key = PemFiles.readPrivateKey(keyFile);
            requirePair(keyFile, key, certificate, certificateFile);
            authority = new CertificateAuthority(key, certificate);
            created = false;
        } else {
            authority = issuer.createCa();
            // the key first: a certificate on disk must never lack its key
            PemFiles.writePrivateKey(keyFile, authority.key());
            PemFiles.writeCertificates(certificateFile, List.of(authority.certificate()));
            created = true;
        }
        char[] password = TRUST_STORE_PASSWORD.toCharArray();
        if (created || !Files.exists(caTrustStore())
                || !TrustStoreFile.holds(caTrustStore(), CA_ALIAS, authority.certificate(), password)) {
            TrustStoreFile.write(caTrustStore(), CA_ALIAS, authority.certificate(), password);
        }
        return authority;
    }

    private ServerIdentity loadOrIssue(String name, KeyType keyType, String signatureAlgorithm, String signatureOid) {
        Path certificateFile = directory.resolve(name + ".pem");
        Path keyFile = directory.resolve(name + ".key.pem");
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate leaf = PemFiles.readCertificates(certificateFile).get(0);
            if (isCurrent(leaf, keyType, signatureOid)) {
                PrivateKey key = PemFiles.readPrivateKey(keyFile);
                requirePair(keyFile, key, leaf, certificateFile);
                return new ServerIdentity(key, new X509Certificate[] {leaf, ca.certificate()});
            }
        }
        ServerIdentity issued = issuer.issueServer(ca, keyType, signatureAlgorithm);
        PemFiles.writePrivateKey(keyFile, issued.key());
        PemFiles.writeCertificates(certificateFile, List.of(issued.chain()));
        return issued;
    }

    /** Issued by this store's CA, valid now, and made with the algorithms asked for. */
    private boolean isCurrent(X509Certificate leaf, KeyType keyType, String signatureOid) {
        if (!leaf.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())
                || !keyType.holds(leaf.getPublicKey())
                || !signatureOid.equals(leaf.getSigAlgOID())) {
            return false;
        }
        try {
            leaf.verify(ca.certificate().getPublicKey());
            leaf.checkValidity(Date.from(clock.instant()));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void requirePair(Path keyFile, PrivateKey key, X509Certificate certificate, Path certificateFile) {
        boolean pairs;
        try {
            pairs = KeyType.of(certificate.getPublicKey().getAlgorithm()).pairs(key, certificate.getPublicKey());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw UnusableFile.error(keyFile, "its key cannot be checked against " + certificateFile.getFileName()
                    + " (" + e.getMessage() + ")", e);
        }
        if (!pairs) {
            throw UnusableFile.error(keyFile, "its key does not belong to the certificate in "
                    + certificateFile.getFileName());
        }
    }

    private static void checkName(String name) {
        if (name == null || !IDENTITY_NAME.matcher(name).matches() || name.toLowerCase(Locale.ROOT).equals("ca")) {
            throw new IllegalArgumentException(
                    "an identity name is made of letters, digits, '-' and '_', and is not \"ca\": " + name);
        }
    }
}
