package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bytes that cannot be a ClientHello, each refused with a message saying what and where. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MalformedClientHelloTest {
    /** Offsets in a JDK ClientHello on the wire: 5-byte record header, 4-byte handshake header, version, random. */
    private static final int SESSION_ID_LENGTH_AT = 5 + 4 + 2 + 32;

    private static byte[] jdk;
    private static int cipherSuitesAt;
    private static int extensionsAt;

    @BeforeAll
    static void jdkHello() throws Exception {
        jdk = ClientHellos.jdk();
        cipherSuitesAt = SESSION_ID_LENGTH_AT + 1 + (jdk[SESSION_ID_LENGTH_AT] & 0xFF);
        int compressionAt = cipherSuitesAt + 2 + TlsRecords.u16(jdk, cipherSuitesAt);
        extensionsAt = compressionAt + 1 + (jdk[compressionAt] & 0xFF);
    }

    @Test
    void applicationDataFirst() {
        assertRefused("first byte 0x17 is not a TLS handshake record", 0x17, 0x03, 0x03, 0x00, 0x02, 0x01, 0x02);
    }

    @Test
    void sslv2Hello() {
        assertRefused("SSLv2-format ClientHello, not supported", 0x80, 0x2E, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00);
    }

    @Test
    void sslv2FormatNeedsItsThirdByteToBeTold() {
        assertEquals(Optional.empty(), ClientHelloParser.tryParse(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0x2E})));
        assertRefused("first byte 0x80 is not a TLS handshake record", 0x80, 0x2E, 0x04);
    }

    @Test
    void recordVersionMajorNot3() {
        assertRefused("record 0 at byte 0: record version 0x0201, major is not 3", 0x16, 0x02, 0x01, 0x00, 0x10);
    }

    @Test
    void recordLengthZeroOrOverLimit() {
        assertRefused("record 0 at byte 0: length 0", 0x16, 0x03, 0x01, 0x00, 0x00);
        assertRefused("length 18433, not within 1..18432", 0x16, 0x03, 0x01, 0x48, 0x01, 0x01);
    }

    @Test
    void handshakeTypeNotClientHello() {
        byte[] serverHello = jdk.clone();
        serverHello[5] = 2;

        assertRefused("handshake type 2 where client_hello (1) was expected", serverHello);
        assertRefused("handshake type 2", Arrays.copyOf(serverHello, 6));
    }

    @Test
    void cipherSuitesRunPastTheMessage() {
        byte[] hello = jdk.clone();
        TlsRecords.putU16(hello, cipherSuitesAt, 0xFFFE);

        assertRefused(String.format("cipher_suites at offset %d: length 65534 runs past the end of the ClientHello",
                cipherSuitesAt - 5), hello);
    }

    @Test
    void cipherSuitesOfOddLength() {
        byte[] hello = jdk.clone();
        int length = TlsRecords.u16(hello, cipherSuitesAt);
        TlsRecords.putU16(hello, cipherSuitesAt, length - 1);

        assertRefused("odd length " + (length - 1), hello);
    }

    @Test
    void extensionRunsPastTheExtensionsBlock() {
        byte[] hello = jdk.clone();
        int firstExtensionLengthAt = extensionsAt + 2 + 2;
        TlsRecords.putU16(hello, firstExtensionLengthAt, 0xFFFF);

        assertRefused(String.format("server_name extension at offset %d: length 65535 runs past the end of extensions",
                firstExtensionLengthAt - 5), hello);
    }

    @Test
    void bytesAfterTheExtensionsBlock() {
        byte[] message = TlsRecords.handshakeBytes(jdk);
        byte[] longer = Arrays.copyOf(message, message.length + 3);
        int bodyLength = longer.length - 4;
        longer[1] = (byte) (bodyLength >> 16);
        longer[2] = (byte) (bodyLength >> 8);
        longer[3] = (byte) bodyLength;

        assertRefused("the ClientHello: 3 bytes left over", TlsRecords.frame(longer, 0x0303, longer.length));
    }

    @Test
    void anotherContentTypeBeforeTheHelloIsComplete() {
        byte[] message = TlsRecords.handshakeBytes(jdk);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(TlsRecords.frame(Arrays.copyOf(message, 100), 0x0303, 100));
        TlsRecords.record(wire, 21, 0x0303, new byte[] {2, 40});

        assertRefused("record 1 at byte 105: content type 21 before the ClientHello is complete", wire.toByteArray());
    }

    @Test
    void helloDeclaredLongerThanTheLimitIsRefusedAtOnce() {
        assertRefused("ClientHello would take more than 65536 bytes", 0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x01, 0x00, 0x00);
    }

    @Test
    void recordsAddingUpPastTheLimit() {
        byte[] message = new byte[4 + 0xF000];
        message[0] = 1;
        message[2] = (byte) 0xF0;
        byte[] wire = TlsRecords.frameEvery(message, 0x0303, 16);
        assertTrue(wire.length > ClientHelloParser.MAX_CLIENT_HELLO_BYTES, "the test input is over the limit");

        assertRefused("ClientHello would take more than 65536 bytes: a 61444-byte handshake message", wire);
        // refused as soon as the record headers so far leave no room for the rest
        assertRefused("ClientHello would take more than 65536 bytes", Arrays.copyOf(wire, 20_000));
    }

    @Test
    void everyMutationOfARealHelloIsParsedOrRefusedOrWaitedFor() {
        byte[] inSmallRecords = TlsRecords.frameEvery(TlsRecords.handshakeBytes(jdk), 0x0303, 7);
        Random random = new Random(20240601L);
        for (int round = 0; round < 20_000; round++) {
            byte[] mutated = (round % 2 == 0 ? jdk : inSmallRecords).clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            byte[] input = random.nextBoolean() ? mutated : Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
            ByteBuf in = Unpooled.wrappedBuffer(input);
            try {
                ClientHelloParser.tryParse(in);
            } catch (MalformedClientHelloException refused) {
                assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
            }
            assertEquals(0, in.readerIndex());
        }
    }

    private static void assertRefused(String expectedPart, int... bytes) {
        byte[] wire = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            wire[i] = (byte) bytes[i];
        }
        assertRefused(expectedPart, wire);
    }

    private static void assertRefused(String expectedPart, byte[] wire) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        MalformedClientHelloException refused = assertThrows(MalformedClientHelloException.class,
                () -> ClientHelloParser.tryParse(in));
        assertTrue(refused.getMessage().contains(expectedPart),
                "expected \"" + expectedPart + "\" in \"" + refused.getMessage() + "\"");
        assertEquals(0, in.readerIndex());
    }
}
