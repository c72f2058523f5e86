package dev.tdsmock.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class CertificateStoreTest {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    @Test
    void firstOpenWritesTheFilesAndASecondOpenReusesThem() throws Exception {
        CertificateStore first = CertificateStore.open(dir.resolve("certs"));
        Path certs = dir.resolve("certs");
        for (String file : List.of("ca.pem", "ca.key.pem", "ca.p12", "server.pem", "server.key.pem")) {
            assertTrue(Files.size(certs.resolve(file)) > 0, file);
        }
        assertEquals(certs.resolve("ca.pem").toRealPath(), first.caPem());
        assertEquals(certs.resolve("ca.p12").toRealPath(), first.caTrustStore());
        assertEquals(certs.toRealPath(), first.directory());
        assertTrue(Files.readString(certs.resolve("ca.key.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertEquals(2, Files.readString(certs.resolve("server.pem")).split("-----BEGIN CERTIFICATE-----").length - 1);
        byte[] caPemBefore = Files.readAllBytes(certs.resolve("ca.pem"));

        CertificateStore second = CertificateStore.open(certs);

        assertEquals(first.ca(), second.ca());
        assertEquals(first.server().leaf().getSerialNumber(), second.server().leaf().getSerialNumber());
        assertArrayEquals(first.server().key().getEncoded(), second.server().key().getEncoded());
        assertArrayEquals(caPemBefore, Files.readAllBytes(certs.resolve("ca.pem")));
        assertSame(second.server(), second.server(), "identities are kept by the instance");
    }

    @Test
    void caHasTheDocumentedShape() throws Exception {
        X509Certificate ca = CertificateStore.open(dir).ca();

        assertEquals(new X500Principal("CN=tds-mock test CA, O=tds-mock"), ca.getSubjectX500Principal());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertEquals("SHA256withRSA", ca.getSigAlgName());
        assertEquals(2048, ((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength());
        assertEquals(Integer.MAX_VALUE, ca.getBasicConstraints(), "CA true without a path length limit");
        assertTrue(ca.getCriticalExtensionOIDs().containsAll(Set.of(BASIC_CONSTRAINTS, KEY_USAGE)));
        boolean[] usage = ca.getKeyUsage();
        for (int bit = 0; bit < usage.length; bit++) {
            assertEquals(bit == 5 || bit == 6, usage[bit], "key usage bit " + bit); // keyCertSign, cRLSign
        }
        assertNotNull(subjectKeyIdentifier(ca));
        assertAbout(Instant.now().minus(DAY), ca.getNotBefore().toInstant());
        assertEquals(ca.getNotBefore().toInstant().atOffset(ZoneOffset.UTC).plusYears(10).toInstant(),
                ca.getNotAfter().toInstant());
    }

    @Test
    void serverChainIsIssuedByTheCaForLocalhost() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        ServerIdentity server = store.server();
        X509Certificate leaf = server.leaf();

        assertEquals(2, server.chain().length);
        assertEquals(store.ca(), server.chain()[1]);
        leaf.verify(store.ca().getPublicKey());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        assertEquals(new X500Principal("CN=localhost, O=tds-mock"), leaf.getSubjectX500Principal());
        assertEquals(store.ca().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(2048, ((RSAPublicKey) leaf.getPublicKey()).getModulus().bitLength());
        assertEquals(Set.of("localhost"), dnsNames(leaf));
        assertEquals(Set.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")), ipAddresses(leaf));
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        boolean[] usage = leaf.getKeyUsage();
        for (int bit = 0; bit < usage.length; bit++) {
            // digitalSignature, keyEncipherment
            assertEquals(bit == 0 || bit == 2, usage[bit], "key usage bit " + bit);
        }
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertArrayEquals(subjectKeyIdentifier(store.ca()), authorityKeyIdentifier(leaf));
        assertNotNull(subjectKeyIdentifier(leaf));
        assertTrue(leaf.getSerialNumber().signum() > 0);
        assertTrue(leaf.getSerialNumber().bitLength() > 64, "serial " + leaf.getSerialNumber().toString(16));
        assertNotEquals(store.ca().getSerialNumber(), leaf.getSerialNumber());
        assertAbout(Instant.now().minus(DAY), leaf.getNotBefore().toInstant());
        assertEquals(leaf.getNotBefore().toInstant().atOffset(ZoneOffset.UTC).plusYears(2).toInstant(),
                leaf.getNotAfter().toInstant());
        assertKeyBelongsTo(server.key(), leaf.getPublicKey(), "SHA256withRSA");
    }

    @Test
    void trustStoreHoldsTheCaAndTheJdkTrustsTheServerChainThroughIt() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        KeyStore trustStore = trustStoreOf(store);

        assertEquals(List.of("tds-mock-ca"), Collections.list(trustStore.aliases()));
        assertTrue(trustStore.isCertificateEntry("tds-mock-ca"));
        assertEquals(store.ca(), trustStore.getCertificate("tds-mock-ca"));

        X509TrustManager trustManager = trustManager(trustStore);
        trustManager.checkServerTrusted(store.server().chain(), "RSA");
        trustManager.checkServerTrusted(store.server().chain(), "ECDHE_RSA");
        trustManager.checkServerTrusted(new X509Certificate[] {store.server().leaf()}, "ECDHE_RSA");

        X509Certificate[] foreignChain = CertificateStore.open(dir.resolve("other")).server().chain();
        assertThrows(CertificateException.class, () -> trustManager.checkServerTrusted(foreignChain, "ECDHE_RSA"));
    }

    @Test
    void missingTrustStoreIsWrittenAgainForTheSameCa() throws Exception {
        X509Certificate ca = CertificateStore.open(dir).ca();
        Files.delete(dir.resolve("ca.p12"));

        CertificateStore reopened = CertificateStore.open(dir);

        assertEquals(ca, reopened.ca());
        assertEquals(ca, trustStoreOf(reopened).getCertificate("tds-mock-ca"));
    }

    /**
     * A trust store as Java writes it (its certificate bag encrypted under the password) holds the right CA, but is
     * written again in tds-mock's form, which the next start reads without the password; Java, keytool's reader,
     * takes both.
     */
    @Test
    void aTrustStoreWrittenByJavaIsWrittenAgainReadableWithoutThePassword() throws Exception {
        X509Certificate ca = CertificateStore.open(dir).ca();
        char[] password = CertificateStore.TRUST_STORE_PASSWORD.toCharArray();
        KeyStore javaStore = KeyStore.getInstance("PKCS12");
        javaStore.load(null, null);
        javaStore.setCertificateEntry("tds-mock-ca", ca);
        try (var out = Files.newOutputStream(dir.resolve("ca.p12"))) {
            javaStore.store(out, password);
        }
        assertFalse(TrustStoreFile.holds(dir.resolve("ca.p12"), "tds-mock-ca", ca, password));

        CertificateStore reopened = CertificateStore.open(dir);

        assertTrue(TrustStoreFile.holds(dir.resolve("ca.p12"), "tds-mock-ca", ca, password));
        assertFalse(TrustStoreFile.holds(dir.resolve("ca.p12"), "another-alias", ca, password));
        KeyStore read = trustStoreOf(reopened);
        assertTrue(read.isCertificateEntry("tds-mock-ca"));
        assertEquals(ca, read.getCertificate("tds-mock-ca"));
    }

    @Test
    void aFileThatIsNotPkcs12IsNamed() throws Exception {
        CertificateStore.open(dir);
        Files.writeString(dir.resolve("ca.p12"), "not a trust store");

        IllegalStateException error = assertThrows(IllegalStateException.class, () -> CertificateStore.open(dir));

        assertTrue(error.getMessage().contains("ca.p12") && error.getMessage().contains("not a PKCS#12 store"),
                error.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "cert-md5, MD5withRSA",
        "cert-sha1, SHA1withRSA",
        "cert-sha224, SHA224withRSA",
        "cert-sha512, SHA512withRSA",
    })
    void namedIdentitiesAreSignedWithTheAskedAlgorithm(String name, String algorithm) throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        ServerIdentity identity = store.identity(name, "RSA", algorithm);

        assertEquals(algorithm, identity.leaf().getSigAlgName());
        identity.leaf().verify(store.ca().getPublicKey());
        assertEquals(store.ca(), identity.chain()[1]);
        assertNotEquals(store.server().leaf().getSerialNumber(), identity.leaf().getSerialNumber());
        assertTrue(Files.exists(dir.resolve(name + ".pem")));
        assertTrue(Files.exists(dir.resolve(name + ".key.pem")));

        ServerIdentity reloaded = CertificateStore.open(dir).identity(name, "RSA", algorithm);
        assertEquals(identity.leaf(), reloaded.leaf());
        assertArrayEquals(identity.key().getEncoded(), reloaded.key().getEncoded());
    }

    @Test
    void ecIdentityHasAP256KeyUnderTheRsaCa() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        ServerIdentity identity = store.identity("ecdsa", "EC", "SHA256withRSA");
        X509Certificate leaf = identity.leaf();

        ECPublicKey key = assertInstanceOf(ECPublicKey.class, leaf.getPublicKey());
        assertEquals(256, key.getParams().getCurve().getField().getFieldSize());
        assertEquals("EC", identity.key().getAlgorithm());
        assertEquals("SHA256withRSA", leaf.getSigAlgName());
        boolean[] usage = leaf.getKeyUsage();
        for (int bit = 0; bit < usage.length; bit++) {
            assertEquals(bit == 0, usage[bit], "key usage bit " + bit); // digitalSignature only
        }
        assertKeyBelongsTo(identity.key(), leaf.getPublicKey(), "SHA256withECDSA");
        trustManager(trustStoreOf(store)).checkServerTrusted(identity.chain(), "ECDHE_ECDSA");

        ServerIdentity reloaded = CertificateStore.open(dir).identity("ecdsa", "EC", "SHA256withRSA");
        assertEquals(leaf, reloaded.leaf());
        assertArrayEquals(identity.key().getEncoded(), reloaded.key().getEncoded());
    }

    @Test
    void corruptCaPemIsReportedByName() throws Exception {
        CertificateStore.open(dir);
        Path caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CertificateStore.open(dir));

        assertTrue(e.getMessage().contains(caPem.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Delete it"), e.getMessage());
    }

    @Test
    void caPemWithoutAnyCertificateIsReportedByName() throws Exception {
        CertificateStore.open(dir);
        Path caPem = dir.resolve("ca.pem");
        Files.writeString(caPem, "garbage");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CertificateStore.open(dir));

        assertTrue(e.getMessage().contains(caPem.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void keyThatDoesNotMatchItsCertificateIsReportedByName() throws Exception {
        CertificateStore.open(dir).identity("other", "RSA", "SHA256withRSA");
        Path serverKey = dir.resolve("server.key.pem");
        Files.copy(dir.resolve("other.key.pem"), serverKey, StandardCopyOption.REPLACE_EXISTING);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CertificateStore.open(dir));

        assertTrue(e.getMessage().contains(serverKey.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("server.pem"), e.getMessage());
    }

    @Test
    void corruptKeyFileIsReportedByName() throws Exception {
        CertificateStore.open(dir);
        Path caKey = dir.resolve("ca.key.pem");
        Files.write(caKey, new byte[] {0, (byte) 0xff, 42});

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CertificateStore.open(dir));

        assertTrue(e.getMessage().contains(caKey.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void expiredServerCertificateIsIssuedAnew() throws Exception {
        Clock threeYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(3 * 365)), ZoneOffset.UTC);
        X509Certificate old = CertificateStore.open(dir, threeYearsAgo).server().leaf();
        assertTrue(old.getNotAfter().toInstant().isBefore(Instant.now()), "the setup made an expired certificate");

        CertificateStore store = CertificateStore.open(dir);

        X509Certificate renewed = store.server().leaf();
        assertNotEquals(old.getSerialNumber(), renewed.getSerialNumber());
        renewed.checkValidity();
        assertEquals(old.getIssuerX500Principal(), renewed.getIssuerX500Principal());
        assertEquals(renewed, PemFiles.readCertificates(dir.resolve("server.pem")).get(0));
    }

    @Test
    void serverCertificateOfAReplacedCaIsIssuedAnew() throws Exception {
        CertificateStore before = CertificateStore.open(dir);
        Files.delete(dir.resolve("ca.pem"));
        Files.delete(dir.resolve("ca.key.pem"));

        CertificateStore after = CertificateStore.open(dir);

        assertNotEquals(before.ca(), after.ca());
        assertNotEquals(before.server().leaf().getSerialNumber(), after.server().leaf().getSerialNumber());
        after.server().leaf().verify(after.ca().getPublicKey());
        assertEquals(after.ca(), after.server().chain()[1]);
        assertEquals(after.ca(), PemFiles.readCertificates(dir.resolve("server.pem")).get(1));
        assertTrue(TrustStoreFile.holds(after.caTrustStore(), "tds-mock-ca", after.ca(),
                CertificateStore.TRUST_STORE_PASSWORD.toCharArray()));
    }

    @Test
    void askingForOtherAlgorithmsUnderTheSameNameIssuesAnew() throws Exception {
        CertificateStore store = CertificateStore.open(dir);
        X509Certificate sha1 = store.identity("changing", "RSA", "SHA1withRSA").leaf();

        X509Certificate ec = CertificateStore.open(dir).identity("changing", "EC", "SHA256withRSA").leaf();

        assertEquals("SHA1withRSA", sha1.getSigAlgName());
        assertInstanceOf(ECPublicKey.class, ec.getPublicKey());
        assertEquals("SHA256withRSA", ec.getSigAlgName());
        assertEquals(ec, store.identity("changing", "EC", "SHA256withRSA").leaf(), "the second store wrote it");
    }

    @Test
    void unsupportedArgumentsAreRejected() {
        CertificateStore store = CertificateStore.open(dir);

        assertThrows(IllegalArgumentException.class, () -> store.identity("ca", "RSA", "SHA256withRSA"));
        assertThrows(IllegalArgumentException.class, () -> store.identity("../escape", "RSA", "SHA256withRSA"));
        assertThrows(IllegalArgumentException.class, () -> store.identity("", "RSA", "SHA256withRSA"));
        assertThrows(IllegalArgumentException.class, () -> store.identity("dsa", "DSA", "SHA256withRSA"));
        assertThrows(IllegalArgumentException.class, () -> store.identity("ec", "EC", "SHA256withECDSA"));
        assertThrows(IllegalArgumentException.class, () -> store.identity("odd", "RSA", "NOSUCHwithRSA"));
        assertFalse(Files.exists(dir.resolve("dsa.pem")));
    }

    static KeyStore trustStoreOf(CertificateStore store) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store.caTrustStore())) {
            trustStore.load(in, CertificateStore.TRUST_STORE_PASSWORD.toCharArray());
        }
        return trustStore;
    }

    private static X509TrustManager trustManager(KeyStore trustStore) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trustStore);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static Set<String> dnsNames(X509Certificate certificate) throws Exception {
        Set<String> names = new HashSet<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            if (((Integer) name.get(0)) == 2) {
                names.add((String) name.get(1));
            }
        }
        return names;
    }

    private static Set<InetAddress> ipAddresses(X509Certificate certificate) throws Exception {
        Set<InetAddress> addresses = new HashSet<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            if (((Integer) name.get(0)) == 7) {
                addresses.add(InetAddress.getByName((String) name.get(1)));
            }
        }
        return addresses;
    }

    private static byte[] subjectKeyIdentifier(X509Certificate certificate) throws Exception {
        byte[] extension = certificate.getExtensionValue("2.5.29.14");
        assertNotNull(extension, "subject key identifier");
        return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                .getKeyIdentifier();
    }

    private static byte[] authorityKeyIdentifier(X509Certificate certificate) throws Exception {
        byte[] extension = certificate.getExtensionValue("2.5.29.35");
        assertNotNull(extension, "authority key identifier");
        return AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                .getKeyIdentifierOctets();
    }

    private static void assertKeyBelongsTo(PrivateKey key, PublicKey publicKey, String algorithm) throws Exception {
        byte[] data = "check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertTrue(verifier.verify(signer.sign()), "the private key belongs to the certificate");
    }

    private static void assertAbout(Instant expected, Instant actual) {
        assertTrue(Duration.between(expected, actual).abs().compareTo(Duration.ofMinutes(5)) < 0,
                "expected about " + expected + " but was " + actual);
    }
}
