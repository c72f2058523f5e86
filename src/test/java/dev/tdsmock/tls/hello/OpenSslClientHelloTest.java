package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.NamedGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ClientHello of netty-tcnative's BoringSSL client engine. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenSslClientHelloTest {

    @Test
    void tls12OnlyEngineSendsNoSupportedVersions() throws Exception {
        byte[] wire = ClientHellos.openSsl("TLSv1.2");

        ClientHello hello = ClientHellos.parse(wire);

        assertEquals(0x0301, hello.recordVersion());
        assertEquals(0x0303, hello.legacyVersion());
        // Capped at TLS 1.2, BoringSSL leaves supported_versions out, and a TLS 1.2 ClientHello cannot say
        // that the client refuses TLS 1.0 and 1.1: on the wire it offers all three.
        assertEquals(List.of(), hello.supportedVersions());
        assertFalse(hello.extensionTypes().contains(ExtensionType.supported_versions));
        assertEquals(List.of(0x0303, 0x0302, 0x0301), hello.offeredVersions());
        assertFalse(hello.offersCipherSuite(CipherSuite.TLS_AES_128_GCM_SHA256));
        assertTrue(hello.offersCipherSuite(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256));
        assertEquals(List.of(), hello.keyShareGroups());
        // netty asks for SNI only for names with a dot in them.
        assertNull(hello.serverName());
        assertEquals(List.of(), hello.alpn());
    }

    @Test
    void dottedHostNameAndAlpnAreSent() throws Exception {
        ClientHello hello = ClientHellos.parse(ClientHellos.openSslWithAlpn("sql.example.test", "TLSv1.2"));

        assertEquals("sql.example.test", hello.serverName());
        assertEquals(List.of("tds/8.0"), hello.alpn());
    }

    @Test
    void tls13EngineSendsSupportedVersionsAndKeyShares() throws Exception {
        ClientHello hello = ClientHellos.parse(ClientHellos.openSsl("TLSv1.2", "TLSv1.3"));

        assertEquals(0x0303, hello.legacyVersion());
        assertEquals(List.of(0x0304, 0x0303), hello.supportedVersions());
        assertEquals(List.of(0x0304, 0x0303), hello.offeredVersions());
        assertTrue(hello.offersCipherSuite(CipherSuite.TLS_AES_128_GCM_SHA256));
        assertTrue(hello.keyShareGroups().contains(NamedGroup.x25519), hello.keyShareGroups().toString());
        assertTrue(hello.supportedGroups().containsAll(hello.keyShareGroups()), hello.toString());
    }
}
