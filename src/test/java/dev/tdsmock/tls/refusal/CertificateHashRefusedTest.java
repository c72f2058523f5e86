package dev.tdsmock.tls.refusal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.ServerIdentity;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.TrustAll;
import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.ClientHelloParser;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The article's weak hashes (MD5, SHA-224, SHA-512) against the JDK's TLS 1.2 ClientHello, which offers
 * rsa_pkcs1_sha224 and rsa_pkcs1_sha512: a CA-issued chain is refused whatever the client offers, a
 * self-signed one is served (the article: self-signed certificates are not affected).
 */
class CertificateHashRefusedTest {
    private static final Path NO_SCENARIO_DIRECTORY = Path.of("target", "no-scenarios");

    private static ClientHello jdkTls12Hello() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        SSLEngine engine = context.createSSLEngine("localhost", 1433);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(new String[] {"TLSv1.2"});
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        return ClientHelloParser.tryParse(Unpooled.wrappedBuffer(out)).orElseThrow();
    }

    private static X509Certificate certificate(KeyPair keys, X500Principal issuer, KeyPair issuerKeys,
                                               String signature) throws Exception {
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Principal("CN=localhost"), keys.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(issuerKeys.getPrivate())));
    }

    private static Optional<HelloCheck.Refusal> refusal(String scenario, ServerIdentity identity) throws Exception {
        Scenario.TlsSettings settings = new ScenarioLoader(NO_SCENARIO_DIRECTORY).load(scenario).tls();
        TlsEngines engines = new TlsEngines(settings, identity);
        return new CertificateHashRefused().refuse(jdkTls12Hello(), settings.protocols(), engines);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5withRSA", "SHA224withRSA", "SHA512withRSA"})
    void aChainIssuedWithTheHashIsRefusedEvenThoughTheClientOffersIt(String signature) throws Exception {
        KeyPair ca = rsa();
        KeyPair leaf = rsa();
        X509Certificate issued = certificate(leaf, new X500Principal("CN=some CA"), ca, signature);

        Optional<HelloCheck.Refusal> refused = refusal("cert-sha512", new ServerIdentity(leaf.getPrivate(),
                new X509Certificate[] {issued}));

        assertTrue(refused.isPresent(), signature);
        assertEquals("the server certificate is signed with " + signature
                + ", a hash Schannel's TLS 1.2 signature list leaves out", refused.get().reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5withRSA", "SHA224withRSA", "SHA512withRSA"})
    void aSelfSignedCertificateIsServed(String signature) throws Exception {
        KeyPair keys = rsa();
        X509Certificate selfSigned = certificate(keys, new X500Principal("CN=localhost"), keys, signature);

        assertEquals(Optional.empty(), refusal("cert-sha512", new ServerIdentity(keys.getPrivate(),
                new X509Certificate[] {selfSigned})));
    }
}
