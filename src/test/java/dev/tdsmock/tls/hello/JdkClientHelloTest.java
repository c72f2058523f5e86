package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ClientHello of the JDK's own TLS client engine. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JdkClientHelloTest {

    @Test
    void defaultEngineOffersTls13And12WithItsSuitesSniAndAlpn() throws Exception {
        SSLEngine engine = ClientHellos.jdkEngine();
        List<Integer> enabledSuites = knownCodes(engine.getEnabledCipherSuites());

        ClientHello hello = ClientHellos.parse(ClientHellos.firstFlight(engine));

        assertEquals(0x0303, hello.legacyVersion());
        assertTrue(hello.supportedVersions().containsAll(List.of(0x0304, 0x0303)), hello.supportedVersions().toString());
        assertEquals(List.of(0x0304, 0x0303), hello.offeredVersions());
        assertTrue(hello.offersVersion(0x0304));
        assertFalse(hello.offersVersion(0x0301));
        assertEquals(enabledSuites, hello.cipherSuites());
        assertTrue(hello.offersCipherSuite(CipherSuite.TLS_AES_128_GCM_SHA256));
        assertTrue(hello.offersCipherSuite(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
        assertEquals(List.of(0), hello.compressionMethods());
        assertEquals("localhost", hello.serverName());
        assertEquals(List.of("tds/8.0"), hello.alpn());
        assertFalse(hello.supportedGroups().isEmpty());
        assertFalse(hello.signatureAlgorithms().isEmpty());
        assertFalse(hello.keyShareGroups().isEmpty());
        assertTrue(hello.supportedGroups().containsAll(hello.keyShareGroups()), hello.toString());
        assertTrue(hello.extensionTypes().containsAll(List.of(ExtensionType.server_name,
                ExtensionType.application_layer_protocol_negotiation, ExtensionType.supported_versions,
                ExtensionType.key_share)), hello.extensionTypes().toString());
    }

    @Test
    void engineLimitedToTls12OffersOnlyTls12() throws Exception {
        ClientHello hello = ClientHellos.parse(ClientHellos.jdk("TLSv1.2"));

        assertEquals(List.of(0x0303), hello.offeredVersions());
        assertEquals(0x0303, hello.legacyVersion());
        assertFalse(hello.offersCipherSuite(CipherSuite.TLS_AES_128_GCM_SHA256), "no TLS 1.3 suites");
        assertTrue(hello.offersCipherSuite(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        assertEquals(List.of(), hello.keyShareGroups());
        assertEquals("localhost", hello.serverName());
    }

    @Test
    void summaryNamesWhatWasOffered() throws Exception {
        ClientHello hello = ClientHellos.parse(ClientHellos.jdk());

        String summary = hello.summary();

        assertTrue(summary.startsWith("versions=[TLSv1.3, TLSv1.2] suites=" + hello.cipherSuites().size() + " ["
                + TlsNames.cipherSuite(hello.cipherSuites().get(0)) + ", "), summary);
        assertTrue(summary.contains(" groups=[" + TlsNames.group(hello.supportedGroups().get(0))), summary);
        assertTrue(summary.contains(" sigalgs=[" + TlsNames.signatureScheme(hello.signatureAlgorithms().get(0))), summary);
        assertTrue(summary.endsWith(" sni=localhost alpn=[tds/8.0]"), summary);
        assertFalse(summary.contains("0x"), "the JDK's offer is all named: " + summary);
    }

    private static List<Integer> knownCodes(String[] suiteNames) {
        return Arrays.stream(suiteNames).filter(JdkClientHelloTest::knownToBouncyCastle)
                .map(TlsNames::cipherSuiteCode).toList();
    }

    private static boolean knownToBouncyCastle(String suiteName) {
        try {
            TlsNames.cipherSuiteCode(suiteName);
            return true;
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
