package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessageAggregator;
import dev.tdsmock.wire.TdsPacketDecoder;
import dev.tdsmock.wire.TdsMessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Looks at the first byte and sets the pipeline up for what follows: 0x12 PRELOGIN (TDS 7.x), 0x16 a TLS
 * handshake (TDS 8.0 strict), 0x10 LOGIN7 with no PRELOGIN (old clients). Then it steps aside.
 */
final class FirstBytesRouter extends ByteToMessageDecoder {
    static final String TDS_DECODER = "tds-decoder";
    static final String TDS_AGGREGATOR = "tds-aggregator";
    static final String TDS_ENCODER = "tds-encoder";
    static final String PHASE = "phase";
    private static final int TLS_HANDSHAKE = 0x16;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        Connection connection = Connection.of(ctx.channel());
        int first = in.getUnsignedByte(in.readerIndex());
        Scenario.Strict strict = connection.scenario().tls().strict();
        if (strict == Scenario.Strict.REQUIRED && (first == PacketType.PRELOGIN || first == PacketType.LOGIN7)
                || strict == Scenario.Strict.REFUSED && first == TLS_HANDSHAKE) {
            in.skipBytes(in.readableBytes());
            Closing.now(ctx.channel(), Ending.byServer(Ending.Kind.RST, strict == Scenario.Strict.REQUIRED
                    ? String.format("TDS 7.x (first byte 0x%02X) refused: this server takes TDS 8.0 only (tls.strict = "
                            + "required)", first)
                    : "TDS 8.0 (TLS first) refused: this server takes TDS 7.x only (tls.strict = refused)"));
            return;
        }
        switch (first) {
            case PacketType.PRELOGIN -> addTds(ctx, ctx.name(), new PreLoginHandler(false));
            case PacketType.LOGIN7 -> {
                Logs.CONNECTION.debug("{} LOGIN7 without PRELOGIN: no encryption on this connection", connection.tag());
                connection.enter(ConnectionState.LOGIN_READY);
                addTds(ctx, ctx.name(), new LoginHandler(EncryptionNegotiation.Mode.NONE));
            }
            case TLS_HANDSHAKE -> {
                TlsInstaller.strict(ctx, ctx.name());
                addTds(ctx, TlsInstaller.TLS, new PreLoginHandler(true));
            }
            default -> throw new MalformedTdsException(String.format(
                    "first byte 0x%02X is neither PRELOGIN (0x12), LOGIN7 (0x10) nor a TLS handshake (0x16)", first));
        }
        ctx.pipeline().remove(this);
    }

    private static void addTds(ChannelHandlerContext ctx, String after, ChannelHandler phase) {
        Connection connection = Connection.of(ctx.channel());
        Scenario.Limits limits = connection.scenario().limits();
        ctx.pipeline()
                .addAfter(after, TDS_DECODER, new TdsPacketDecoder(connection.buffered()))
                .addAfter(TDS_DECODER, TDS_AGGREGATOR, new TdsMessageAggregator(limits.maxMessageBytes(),
                        limits.maxPacketsPerMessage(), connection.buffered()))
                .addAfter(TDS_AGGREGATOR, TDS_ENCODER, new TdsMessageEncoder(connection.spid()))
                .addAfter(TDS_ENCODER, MessageGate.NAME, new MessageGate(connection.buffered()))
                .addAfter(MessageGate.NAME, PHASE, phase);
    }
}
