package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsNamesTest {

    @Test
    void versionsInTheJdksSpelling() {
        assertEquals("SSLv3", TlsNames.version(0x0300));
        assertEquals("TLSv1", TlsNames.version(0x0301));
        assertEquals("TLSv1.1", TlsNames.version(0x0302));
        assertEquals("TLSv1.2", TlsNames.version(0x0303));
        assertEquals("TLSv1.3", TlsNames.version(0x0304));
        assertEquals("0x7F1C", TlsNames.version(0x7F1C));
        assertEquals("0x0A0A", TlsNames.version(0x0A0A));
    }

    @Test
    void cipherSuitesBothWays() {
        assertEquals("TLS_AES_128_GCM_SHA256", TlsNames.cipherSuite(0x1301));
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", TlsNames.cipherSuite(0xC02F));
        assertEquals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV", TlsNames.cipherSuite(0x00FF));
        assertEquals("0x0A0A", TlsNames.cipherSuite(0x0A0A));
        assertEquals("0xFEFE", TlsNames.cipherSuite(0xFEFE));
        assertEquals(0xC02F, TlsNames.cipherSuiteCode("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        assertEquals(0x002F, TlsNames.cipherSuiteCode("TLS_RSA_WITH_AES_128_CBC_SHA"));
        assertEquals(0x00FF, TlsNames.cipherSuiteCode("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"));
    }

    @Test
    void everyJdkSuiteNameBouncyCastleKnowsRoundTrips() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        List<String> names = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());

        List<String> known = names.stream().filter(name -> !name.startsWith("SSL_")).toList();

        assertFalse(known.isEmpty());
        for (String name : known) {
            assertEquals(name, TlsNames.cipherSuite(TlsNames.cipherSuiteCode(name)));
        }
    }

    @Test
    void unknownSuiteNameIsRefusedByName() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TlsNames.cipherSuiteCode("TLS_RSA_WITH_ROT13_SHA"));
        assertTrue(refused.getMessage().contains("TLS_RSA_WITH_ROT13_SHA"), refused.getMessage());
    }

    @Test
    void groups() {
        assertEquals("x25519", TlsNames.group(29));
        assertEquals("secp256r1", TlsNames.group(23));
        assertEquals("ffdhe2048", TlsNames.group(256));
        assertEquals("0x0A0A", TlsNames.group(0x0A0A));
        assertEquals("0x6399", TlsNames.group(0x6399));
    }

    @Test
    void signatureSchemes() {
        assertEquals("rsa_pss_rsae_sha256", TlsNames.signatureScheme(0x0804));
        assertEquals("ecdsa_secp256r1_sha256", TlsNames.signatureScheme(0x0403));
        assertEquals("rsa_pkcs1_sha1", TlsNames.signatureScheme(0x0201));
        // TLS 1.2 (hash, signature) pairs that TLS 1.3 left unnamed
        assertEquals("ecdsa_sha224", TlsNames.signatureScheme(0x0303));
        assertEquals("dsa_sha256", TlsNames.signatureScheme(0x0402));
        assertEquals("0x0A0A", TlsNames.signatureScheme(0x0A0A));
        assertEquals("0x0700", TlsNames.signatureScheme(0x0700));
        assertEquals("0xFE01", TlsNames.signatureScheme(0xFE01));
    }
}
