package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A ClientHello in pieces: bytes arriving one at a time, and the handshake message spread over several records. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FragmentedClientHelloTest {
    private static byte[] wire;
    private static byte[] message;
    private static int recordVersion;
    private static ClientHello whole;

    @BeforeAll
    static void jdkHello() throws Exception {
        wire = ClientHellos.jdk();
        message = TlsRecords.handshakeBytes(wire);
        recordVersion = TlsRecords.recordVersion(wire);
        whole = ClientHellos.parse(wire);
    }

    @Test
    void theJdkSendsItsHelloInOneRecord() {
        assertEquals(wire.length, message.length + 5);
    }

    @Test
    void oneByteAtATimeNeedsEveryByteAndLeavesTheReaderIndexAlone() {
        assertEquals(whole, feedByteByByte(wire));
    }

    @Test
    void twoRecordsSplitInTheMiddleOfTheMessage() {
        int half = message.length / 2;
        byte[] twoRecords = TlsRecords.frame(message, recordVersion, half, message.length - half);

        assertEquals(whole, ClientHellos.parse(twoRecords));
        assertEquals(whole, feedByteByByte(twoRecords));
    }

    @Test
    void recordsSplittingTheHandshakeHeader() {
        byte[] records = TlsRecords.frame(message, recordVersion, 1, 2, message.length - 3);

        assertEquals(whole, ClientHellos.parse(records));
    }

    @Test
    void manySmallRecords() {
        byte[] records = TlsRecords.frameEvery(message, recordVersion, 7);

        assertEquals(whole, ClientHellos.parse(records));
        assertEquals(whole, feedByteByByte(records));
    }

    @Test
    void recordsAfterTheHelloAreNotLookedAt() {
        ByteArrayOutputStream following = new ByteArrayOutputStream();
        TlsRecords.record(following, 20, 0x0303, new byte[] {1});
        TlsRecords.record(following, 23, 0x0303, new byte[] {1, 2, 3});

        assertEquals(whole, ClientHellos.parse(TlsRecords.concat(wire, following.toByteArray())));
    }

    @Test
    void readsFromTheReaderIndexOn() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {0x12, 0x01, 0x00});
        in.writeBytes(wire);
        in.readerIndex(3);

        assertEquals(Optional.of(whole), ClientHelloParser.tryParse(in));
        assertEquals(3, in.readerIndex());
        assertEquals(3 + wire.length, in.writerIndex());
    }

    /** Offers {@code bytes} one more byte at a time behind some already-read bytes; only the last byte completes it. */
    private static ClientHello feedByteByByte(byte[] bytes) {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(new byte[] {0x55, 0x66});
        in.readerIndex(2);
        for (int i = 0; i < bytes.length - 1; i++) {
            in.writeByte(bytes[i]);
            Optional<ClientHello> hello = ClientHelloParser.tryParse(in);
            assertTrue(hello.isEmpty(), "complete after " + (i + 1) + " of " + bytes.length + " bytes");
            assertEquals(2, in.readerIndex());
        }
        in.writeByte(bytes[bytes.length - 1]);
        Optional<ClientHello> hello = ClientHelloParser.tryParse(in);
        assertEquals(2, in.readerIndex());
        assertTrue(hello.isPresent(), "complete after the last byte");
        return hello.get();
    }
}
