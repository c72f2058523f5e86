package dev.tdsmock.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
    private static final Set<String> RESERVED = Set.of("ca", AuthorityFiles.INTERMEDIATE, AuthorityFiles.UNTRUSTED);

    private final Path directory;
    private final Clock clock;
    private final CertificateIssuer issuer;
    private final DirectoryLock lock;
    private final AuthorityFiles authorities;
    private final CertificateAuthority ca;
    private final ConcurrentMap<String, Issued> identities = new ConcurrentHashMap<>();

    private CertificateStore(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
        this.issuer = new CertificateIssuer(clock);
        this.lock = new DirectoryLock(directory);
        this.authorities = new AuthorityFiles(directory, clock, issuer);
        this.ca = lock.whileHolding(
                () -> authorities.root(caTrustStore(), CA_ALIAS, TRUST_STORE_PASSWORD.toCharArray()));
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
     * A named server identity as {@link LeafProfile#standard}: issued by the test CA for localhost.
     *
     * @see #identity(String, LeafProfile)
     */
    public ServerIdentity identity(String name, String keyAlgorithm, String signatureAlgorithm) {
        return identity(name, LeafProfile.standard(keyAlgorithm, signatureAlgorithm));
    }

    /**
     * A named server identity, loaded from {@code <name>.pem} (the whole path: leaf, intermediates, root) +
     * {@code <name>.key.pem}, or issued as the profile says and written there. A stored leaf is issued anew when it
     * does not hold what the profile asks for: issuer (verified with that issuer's key), key and signature
     * algorithms, subject, subjectAltName, extKeyUsage, and a validity that fits (see {@link Validity#fits}: a
     * current one is kept until it expires; an expired or future one only while its start is within a day of
     * where a new one would start, so it never drifts into another state). The intermediate and untrusted CAs are
     * made on first use.
     *
     * @param name letters, digits, '-' and '_'; "ca", "intermediate-ca" and "untrusted-ca" are the CAs' own files
     * @throws IllegalArgumentException for a name outside those, or a key or signature algorithm the issuer
     *     cannot use ("RSA" or "EC" keys; *withRSA signatures such as "SHA1withRSA" or "SHA256withRSA")
     * @throws IllegalStateException when a file of the identity exists but cannot be used
     */
    public ServerIdentity identity(String name, LeafProfile profile) {
        checkName(name);
        KeyType.of(profile.keyAlgorithm());
        CertificateIssuer.caSignatureAlgorithm(profile.signatureAlgorithm());

        Issued cached = identities.get(name);
        if (cached != null && cached.profile().equals(profile)
                && profile.validity().fits(cached.identity().leaf(), clock.instant())) {
            return cached.identity();
        }
        ServerIdentity identity = lock.whileHolding(() -> loadOrIssue(name, profile));
        identities.put(name, new Issued(profile, identity));
        return identity;
    }

    private ServerIdentity loadOrIssue(String name, LeafProfile profile) {
        List<CertificateAuthority> issuers = issuers(profile.issuer());
        Path certificateFile = directory.resolve(name + ".pem");
        Path keyFile = directory.resolve(name + ".key.pem");
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate leaf = PemFiles.readCertificates(certificateFile).get(0);
            if (isCurrent(leaf, profile, issuers)) {
                PrivateKey key = PemFiles.readPrivateKey(keyFile);
                StoredPair.require(keyFile, key, leaf, certificateFile);
                return new ServerIdentity(key, path(leaf, issuers));
            }
        }
        ServerIdentity leaf = issuer.issueLeaf(profile, issuers.isEmpty() ? null : issuers.get(0));
        ServerIdentity issued = new ServerIdentity(leaf.key(), path(leaf.leaf(), issuers));
        PemFiles.writePrivateKey(keyFile, issued.key());
        PemFiles.writeCertificates(certificateFile, List.of(issued.chain()));
        return issued;
    }

    /** The CAs above a leaf, its issuer first and the root last; none for a self-signed leaf. */
    private List<CertificateAuthority> issuers(LeafIssuer kind) {
        return switch (kind) {
            case CA -> List.of(ca);
            case SELF -> List.of();
            case INTERMEDIATE -> List.of(authorities.intermediate(ca), ca);
            case UNTRUSTED_CA -> List.of(authorities.untrusted());
        };
    }

    private static X509Certificate[] path(X509Certificate leaf, List<CertificateAuthority> issuers) {
        X509Certificate[] path = new X509Certificate[issuers.size() + 1];
        path[0] = leaf;
        for (int i = 0; i < issuers.size(); i++) {
            path[i + 1] = issuers.get(i).certificate();
        }
        return path;
    }

    /** Signed by the issuer asked for and made as the profile says. */
    private boolean isCurrent(X509Certificate leaf, LeafProfile profile, List<CertificateAuthority> issuers) {
        X509Certificate signer = issuers.isEmpty() ? leaf : issuers.get(0).certificate();
        String signatureOid = CertificateIssuer.caSignatureAlgorithm(profile.signatureAlgorithm())
                .getAlgorithm().getId();
        if (!leaf.getIssuerX500Principal().equals(signer.getSubjectX500Principal())
                || !leaf.getSubjectX500Principal().equals(profile.subjectName())
                || !KeyType.of(profile.keyAlgorithm()).holds(leaf.getPublicKey())
                || !signatureOid.equals(leaf.getSigAlgOID())
                || !LeafNames.holdsHostNames(leaf, profile.hostNames())
                || !LeafNames.holdsPurposes(leaf, profile.extendedKeyUsage())
                || !profile.validity().fits(leaf, clock.instant())) {
            return false;
        }
        try {
            leaf.verify(signer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static void checkName(String name) {
        if (name == null || !IDENTITY_NAME.matcher(name).matches()
                || RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("an identity name is made of letters, digits, '-' and '_', and is "
                    + "none of " + RESERVED + ": " + name);
        }
    }

    /** An identity as issued for a profile. */
    private record Issued(LeafProfile profile, ServerIdentity identity) {
    }
}
