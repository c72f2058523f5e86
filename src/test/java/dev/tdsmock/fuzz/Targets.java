package dev.tdsmock.fuzz;

import dev.tdsmock.tls.PreLoginTlsFraming;
import dev.tdsmock.tls.hello.ClientHelloParser;
import dev.tdsmock.tls.hello.LegacyClientHello;
import dev.tdsmock.tls.hello.MalformedClientHelloException;
import dev.tdsmock.wire.BufferBudget;
import dev.tdsmock.wire.EarlyAttentionException;
import dev.tdsmock.wire.Login7Parser;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PreLoginCodec;
import dev.tdsmock.wire.RpcRequestParser;
import dev.tdsmock.wire.SqlBatch;
import dev.tdsmock.wire.TdsMessageAggregator;
import dev.tdsmock.wire.TdsPacketDecoder;
import dev.tdsmock.wire.TdsVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The parsers of client bytes by name (the names of the folders under {@code src/test/resources/fuzz-regressions}),
 * and their contract: a parse, or one of the bad-input exceptions with a message; nothing else.
 */
final class Targets {
    static final String PRELOGIN = "prelogin";
    static final String LOGIN7 = "login7";
    static final String SQL_BATCH = "sqlbatch";
    static final String RPC = "rpc";
    static final String RPC_TDS71 = "rpc-tds71";
    static final String PACKETS = "packets";
    static final String TLS_FRAMING = "tls-framing";
    static final String CLIENT_HELLO = "clienthello";

    private static final Map<String, Consumer<byte[]>> PARSERS = new LinkedHashMap<>();

    static {
        PARSERS.put(PRELOGIN, bytes -> PreLoginCodec.decode(Unpooled.wrappedBuffer(bytes)));
        PARSERS.put(LOGIN7, bytes -> Login7Parser.parse(Unpooled.wrappedBuffer(bytes)));
        PARSERS.put(SQL_BATCH, bytes -> SqlBatch.text(Unpooled.wrappedBuffer(bytes), TdsVersion.V7_4));
        PARSERS.put(RPC, bytes -> RpcRequestParser.parse(Unpooled.wrappedBuffer(bytes), TdsVersion.V7_4));
        PARSERS.put(RPC_TDS71, bytes -> RpcRequestParser.parse(Unpooled.wrappedBuffer(bytes), TdsVersion.V7_1));
        PARSERS.put(PACKETS, Targets::decodePackets);
        PARSERS.put(TLS_FRAMING, Targets::unframeTls);
        PARSERS.put(CLIENT_HELLO, Targets::readClientHello);
    }

    private Targets() {
    }

    static Set<String> names() {
        return PARSERS.keySet();
    }

    static Consumer<byte[]> parser(String name) {
        Consumer<byte[]> parser = PARSERS.get(name);
        if (parser == null) {
            throw new IllegalArgumentException("no fuzz target named " + name + "; there are " + PARSERS.keySet());
        }
        return parser;
    }

    /**
     * Runs {@code parser} on {@code bytes}: empty when it parsed or refused the input as bad input (with a message),
     * otherwise what it threw, errors included.
     */
    static Optional<Throwable> breach(Consumer<byte[]> parser, byte[] bytes) {
        try {
            parser.accept(bytes);
            return Optional.empty();
        } catch (MalformedTdsException | MalformedClientHelloException | EarlyAttentionException refused) {
            return withoutMessage(refused);
        } catch (DecoderException wrapped) {
            Throwable cause = wrapped.getCause();
            if (cause instanceof MalformedTdsException || cause instanceof EarlyAttentionException) {
                return withoutMessage(cause);
            }
            return Optional.of(cause != null ? cause : wrapped);
        } catch (Throwable e) { // OutOfMemoryError and StackOverflowError are findings too
            return Optional.of(e);
        }
    }

    private static Optional<Throwable> withoutMessage(Throwable refused) {
        boolean said = refused instanceof EarlyAttentionException
                || refused.getMessage() != null && !refused.getMessage().isBlank();
        return said ? Optional.empty()
                : Optional.of(new AssertionError("refused without saying why: " + refused, refused));
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

    /** PRELOGIN packets carrying a TDS 7.x TLS handshake, taken off their packet headers. */
    private static void unframeTls(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new PreLoginTlsFraming());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        } finally {
            releaseAll(channel);
        }
    }

    /** The server's own reading of a ClientHello, and the copy without supported_versions it may hand the engine. */
    private static void readClientHello(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        if (ClientHelloParser.tryParse(in).isPresent()) {
            LegacyClientHello.withoutSupportedVersions(in);
        }
    }

    static void releaseAll(EmbeddedChannel channel) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            ReferenceCountUtil.release(msg);
        }
        channel.finishAndReleaseAll();
    }
}
