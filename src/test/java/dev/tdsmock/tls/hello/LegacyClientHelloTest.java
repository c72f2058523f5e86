package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** A real ClientHello read as a server before TLS 1.3 reads it: supported_versions gone, the rest unchanged. */
class LegacyClientHelloTest {
    private static final int SUPPORTED_VERSIONS = 43;
    private static final byte[] CHANGE_CIPHER_SPEC = {20, 3, 3, 0, 1, 1};

    private static void assertSameButSupportedVersions(ClientHello original, ClientHello legacy) {
        assertEquals(List.of(), legacy.supportedVersions());
        assertEquals(original.legacyVersion(), legacy.legacyVersion());
        assertEquals(original.recordVersion(), legacy.recordVersion());
        assertEquals(original.cipherSuites(), legacy.cipherSuites());
        assertEquals(original.signatureAlgorithms(), legacy.signatureAlgorithms());
        assertEquals(original.supportedGroups(), legacy.supportedGroups());
        assertEquals(original.serverName(), legacy.serverName());
        assertEquals(original.alpn(), legacy.alpn());
        assertEquals(original.extensionTypes().stream().filter(type -> type != SUPPORTED_VERSIONS).toList(),
                legacy.extensionTypes());
    }

    @Test
    void aJdkTls13HelloLosesOnlySupportedVersions() throws Exception {
        byte[] wire = ClientHellos.jdk();
        ClientHello original = ClientHellos.parse(wire);
        assertTrue(original.extensionTypes().contains(SUPPORTED_VERSIONS));

        byte[] legacy = LegacyClientHello.withoutSupportedVersions(Unpooled.wrappedBuffer(wire));

        ClientHello read = ClientHellos.parse(legacy);
        assertSameButSupportedVersions(original, read);
        assertEquals(List.of(0x0303, 0x0302, 0x0301), read.offeredVersions(), "from legacy_version alone");
        byte[] originalMessage = TlsRecords.handshakeBytes(wire);
        byte[] legacyMessage = TlsRecords.handshakeBytes(legacy);
        assertEquals(originalMessage.length - (4 + 1 + 2 * original.supportedVersions().size()),
                legacyMessage.length, "the extension (type, length, list) and nothing else is gone");
    }

    @Test
    void aHelloInSmallRecordsIsFramedAgainAndWhatFollowsIsKept() throws Exception {
        byte[] message = TlsRecords.handshakeBytes(ClientHellos.openSsl("TLSv1.3", "TLSv1.2"));
        byte[] wire = TlsRecords.concat(TlsRecords.frameEvery(message, 0x0301, 100), CHANGE_CIPHER_SPEC);
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        in.readerIndex(0);

        byte[] legacy = LegacyClientHello.withoutSupportedVersions(in);

        assertEquals(0, in.readerIndex(), "the input's indexes do not move");
        assertSameButSupportedVersions(ClientHellos.parse(wire), ClientHellos.parse(legacy));
        assertEquals(0x0301, TlsRecords.recordVersion(legacy));
        assertArrayEquals(CHANGE_CIPHER_SPEC, Arrays.copyOfRange(legacy, legacy.length - CHANGE_CIPHER_SPEC.length,
                legacy.length), "the bytes after the ClientHello's records");
    }

    @Test
    void aHelloWithoutTheExtensionIsUnchanged() throws Exception {
        byte[] wire = ClientHellos.bouncyCastle(ProtocolVersion.TLSv12, ProtocolVersion.TLSv11);
        ClientHello original = ClientHellos.parse(wire);
        assertFalse(original.extensionTypes().contains(SUPPORTED_VERSIONS));
        assertArrayEquals(wire, LegacyClientHello.withoutSupportedVersions(Unpooled.wrappedBuffer(wire)));
    }
}
