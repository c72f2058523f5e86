package dev.tdsmock.wire;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tdsmock.support.RpcRequests;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.support.Packets;
import dev.tdsmock.tls.PreLoginTlsFraming;
import dev.tdsmock.tls.hello.ClientHelloParser;
import dev.tdsmock.tls.hello.LegacyClientHello;
import dev.tdsmock.tls.hello.MalformedClientHelloException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every parser of client bytes, fed the real captures (src/test/resources/captures) and messages built like
 * them, cut short at every length and mutated at random with a fixed seed: what comes out is a parse or a
 * {@link MalformedTdsException} (for a ClientHello a {@link MalformedClientHelloException}) that says what was wrong, never IndexOutOfBounds, NegativeArraySize,
 * IllegalArgument, DateTime or any other exception.
 */
@Timeout(120)
class MutatedInputTest {
    private static final long SEED = 0x7D5_11L;
    private static final int MUTATIONS_PER_INPUT = 1500;

    /** One parser: throws whatever it throws on {@code bytes}. */
    private interface Parser {
        void parse(byte[] bytes);
    }

    @Test
    void preLoginOptionTables() throws IOException {
        List<byte[]> payloads = capturedPackets(PacketType.PRELOGIN).stream()
                .map(p -> Arrays.copyOfRange(p, PacketHeader.SIZE, p.length)).toList();
        assertTrue(payloads.size() > 30, "captures of many clients: " + payloads.size());
        for (byte[] payload : payloads) {
            assertDoesNotThrow(() -> PreLoginCodec.decode(Unpooled.wrappedBuffer(payload)));
            mutate("PRELOGIN", payload, bytes -> PreLoginCodec.decode(Unpooled.wrappedBuffer(bytes)));
        }
    }

    @Test
    void instanceOptionOfLengthZeroPointingPastTheEnd() {
        // 25 bytes in all: header, VERSION and INSTOPT entries, terminator, the version's 6 bytes
        byte[] packet = Packets.packet(PacketType.PRELOGIN, 0x01, HexFormat.of().parseHex(
                "00000B0006" + "02FFFF0000" + "FF" + "100000000000"));
        assertEquals(25, packet.length);
        MalformedTdsException e = assertThrows(MalformedTdsException.class,
                () -> PreLoginCodec.decode(Unpooled.wrappedBuffer(packet, 8, packet.length - 8)));
        assertTrue(e.getMessage().contains("PRELOGIN option 0x02 points at bytes 65535..65535"), e.getMessage());
    }

    @Test
    void login7Messages() throws IOException {
        List<byte[]> logins = new ArrayList<>(capturedPackets(PacketType.LOGIN7).stream()
                .map(p -> Arrays.copyOfRange(p, PacketHeader.SIZE, p.length)).toList());
        logins.add(new Login7Builder().user("sa").password("secret").database("master").build());
        logins.add(new Login7Builder().user("sa").featureExt(HexFormat.of().parseHex(
                "0a0100000001" + "0401000000" + "01" + "ff")).build());
        for (byte[] login : logins) {
            assertDoesNotThrow(() -> Login7Parser.parse(Unpooled.wrappedBuffer(login)));
            mutate("LOGIN7", login, bytes -> Login7Parser.parse(Unpooled.wrappedBuffer(bytes)));
        }
    }

    @Test
    void sqlBatches() throws IOException {
        for (String text : capturedBatchTexts()) {
            byte[] batch = concat(allHeaders(), text.getBytes(StandardCharsets.UTF_16LE));
            assertEquals(text, SqlBatch.text(Unpooled.wrappedBuffer(batch), TdsVersion.V7_4));
            mutate("SQLBatch", batch, bytes -> SqlBatch.text(Unpooled.wrappedBuffer(bytes), TdsVersion.V7_4));
        }
    }

    @Test
    void rpcRequests() {
        byte[] request = rpcRequest();
        assertEquals(2, RpcRequestParser.parse(Unpooled.wrappedBuffer(request), TdsVersion.V7_4).size());
        mutate("RPC", request, bytes -> RpcRequestParser.parse(Unpooled.wrappedBuffer(bytes), TdsVersion.V7_4));
        byte[] withoutHeaders = Arrays.copyOfRange(request, allHeaders().length, request.length);
        mutate("RPC (TDS 7.1)", withoutHeaders,
                bytes -> RpcRequestParser.parse(Unpooled.wrappedBuffer(bytes), TdsVersion.V7_1));
    }

    /** The packet layer: whole packet streams (framing, aggregation, the limits) cut and mutated. */
    @Test
    void packetStreams() throws IOException {
        List<byte[]> streams = new ArrayList<>(capturedPackets(PacketType.PRELOGIN));
        byte[] request = rpcRequest();
        streams.add(concat(Packets.packet(PacketType.RPC, 0x00, Arrays.copyOf(request, 40)),
                Packets.packet(PacketType.RPC, 0x00, new byte[0]),
                Packets.packet(PacketType.RPC, 0x01, Arrays.copyOfRange(request, 40, request.length)),
                Packets.packet(PacketType.ATTENTION, 0x01, new byte[0])));
        for (byte[] stream : streams) {
            mutate("packets", stream, MutatedInputTest::decodePackets);
        }
    }

    /** The PRELOGIN packets that carry a TDS 7.x TLS handshake. */
    @Test
    void tlsHandshakeFraming() {
        byte[] record = HexFormat.of().parseHex("160301002e010000" + "2a0303" + "00".repeat(32) + "000002c02f0100");
        byte[] stream = concat(Packets.packet(PacketType.PRELOGIN, 0x00, Arrays.copyOf(record, 20)),
                Packets.packet(PacketType.PRELOGIN, 0x01, Arrays.copyOfRange(record, 20, record.length)));
        mutate("TLS in PRELOGIN", stream, bytes -> {
            EmbeddedChannel channel = new EmbeddedChannel(new PreLoginTlsFraming());
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            } finally {
                releaseAll(channel);
            }
        });
    }

    /** The server's own reading of a ClientHello (TDS 8.0 first bytes, or inside PRELOGIN for TDS 7.x). */
    @Test
    void clientHellos() throws Exception {
        for (String[] protocols : new String[][] {{"TLSv1.3", "TLSv1.2"}, {"TLSv1.2"}}) {
            byte[] hello = jdkClientHello(protocols);
            assertTrue(ClientHelloParser.tryParse(Unpooled.wrappedBuffer(hello)).isPresent());
            mutate("ClientHello " + String.join("+", protocols), hello, bytes -> {
                ByteBuf in = Unpooled.wrappedBuffer(bytes);
                if (ClientHelloParser.tryParse(in).isPresent()) {
                    LegacyClientHello.withoutSupportedVersions(in);
                }
            });
        }
    }

    /** The first flight of the JDK's TLS client: one ClientHello record. */
    private static byte[] jdkClientHello(String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine("127.0.0.1", 1433);
        engine.setUseClientMode(true);
        engine.setEnabledProtocols(protocols);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    /** What the pipeline's first TDS handlers make of a byte stream, the connection's end included. */
    private static void decodePackets(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new TdsPacketDecoder(),
                new TdsMessageAggregator(64 * 1024, 100, new BufferBudget(1 << 20)));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.finish();
        } finally {
            releaseAll(channel);
        }
    }

    private static void releaseAll(EmbeddedChannel channel) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            ReferenceCountUtil.release(msg);
        }
        channel.finishAndReleaseAll();
    }

    /** Every prefix of {@code base}, then random mutations of it; each must parse or be refused as malformed. */
    private static void mutate(String what, byte[] base, Parser parser) {
        for (int length = 0; length < base.length; length++) {
            check(what + " cut at " + length, Arrays.copyOf(base, length), parser);
        }
        Random random = new Random(SEED ^ Arrays.hashCode(base));
        for (int i = 0; i < MUTATIONS_PER_INPUT; i++) {
            byte[] bytes = base.clone();
            int changes = 1 + random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                bytes = change(bytes, random);
            }
            check(what + " mutation " + i, bytes, parser);
        }
    }

    private static byte[] change(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(bytes.length);
        byte[] changed = bytes.clone();
        switch (random.nextInt(7)) {
            case 0 -> changed[at] = (byte) random.nextInt(256);
            case 1 -> changed[at] = (byte) new int[] {0x00, 0xFF, 0x7F, 0x80, 0x01, 0xFE}[random.nextInt(6)];
            case 2 -> changed[at] ^= (byte) (1 << random.nextInt(8));
            case 3 -> {
                changed[at] = (byte) 0xFF;
                changed[(at + 1) % changed.length] = (byte) 0xFF;
            }
            case 4 -> {
                byte[] inserted = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, inserted, 0, at);
                inserted[at] = (byte) random.nextInt(256);
                System.arraycopy(bytes, at, inserted, at + 1, bytes.length - at);
                return inserted;
            }
            case 5 -> {
                byte[] removed = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, removed, 0, at);
                System.arraycopy(bytes, at + 1, removed, at, bytes.length - at - 1);
                return removed;
            }
            default -> {
                return Arrays.copyOf(bytes, at);
            }
        }
        return changed;
    }

    private static void check(String what, byte[] bytes, Parser parser) {
        try {
            parser.parse(bytes);
        } catch (MalformedTdsException | MalformedClientHelloException | EarlyAttentionException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank(), what);
        } catch (DecoderException wrapped) {
            Throwable cause = wrapped.getCause();
            if (!(cause instanceof MalformedTdsException) && !(cause instanceof EarlyAttentionException)) {
                fail(what + " of " + HexFormat.of().formatHex(bytes) + " threw " + cause, wrapped);
            }
        } catch (RuntimeException e) {
            fail(what + " of " + HexFormat.of().formatHex(bytes) + " threw " + e, e);
        }
    }

    private static List<byte[]> capturedPackets(int type) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/captures"))) {
            List<byte[]> packets = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                try {
                    byte[] packet = Packets.captured(file.getFileName().toString());
                    if (packet[0] == type) {
                        packets.add(packet);
                    }
                } catch (IllegalArgumentException noPacket) {
                    // a capture of TLS first: no TDS packet recorded
                }
            }
            return packets;
        }
    }

    /** The statements the captured clients sent after their login. */
    private static List<String> capturedBatchTexts() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/captures"))) {
            List<String> texts = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    int at = line.indexOf("SQLBatch: ");
                    if (at >= 0 && texts.size() < 12) {
                        texts.add(line.substring(at + "SQLBatch: ".length()).strip());
                    }
                }
            }
            texts.add("SELECT 1");
            return texts;
        }
    }

    /** ALL_HEADERS with one transaction descriptor header (MS-TDS 2.2.5.3). */
    private static byte[] allHeaders() {
        return RpcRequests.allHeaders();
    }

    /** sp_executesql by id with parameters of many types, then a second call by name (MS-TDS 2.2.6.6). */
    private static byte[] rpcRequest() {
        return RpcRequests.manyTypes();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
