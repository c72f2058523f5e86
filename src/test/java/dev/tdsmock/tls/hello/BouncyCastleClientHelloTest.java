package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ClientHello of Bouncy Castle's low-level TLS client, driven without streams. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BouncyCastleClientHelloTest {

    @Test
    void tls10OnlyClientOffersTls10() throws Exception {
        ClientHello hello = ClientHellos.parse(ClientHellos.bouncyCastle(ProtocolVersion.TLSv10.only()));

        assertEquals(0x0301, hello.recordVersion());
        assertEquals(0x0301, hello.legacyVersion());
        assertEquals(List.of(), hello.supportedVersions());
        assertFalse(hello.extensionTypes().contains(ExtensionType.supported_versions));
        assertEquals(List.of(0x0301), hello.offeredVersions());
        assertTrue(hello.offersVersion(0x0301));
        assertFalse(hello.offersVersion(0x0303));
        // signature_algorithms exists from TLS 1.2 on (RFC 5246 section 7.4.1.4.1).
        assertFalse(hello.extensionTypes().contains(ExtensionType.signature_algorithms));
        assertEquals(List.of(), hello.signatureAlgorithms());
        assertTrue(hello.offersCipherSuite(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA));
        assertTrue(hello.summary().startsWith("versions=[TLSv1] "), hello.summary());
    }

    @Test
    void tls10To12ClientOffersAllThree() throws Exception {
        ProtocolVersion[] versions = ProtocolVersion.TLSv12.downTo(ProtocolVersion.TLSv10);

        ClientHello hello = ClientHellos.parse(ClientHellos.bouncyCastle(versions));

        assertEquals(0x0303, hello.legacyVersion());
        assertEquals(List.of(), hello.supportedVersions());
        assertEquals(List.of(0x0303, 0x0302, 0x0301), hello.offeredVersions());
        assertFalse(hello.signatureAlgorithms().isEmpty());
        assertFalse(hello.supportedGroups().isEmpty());
    }
}
