package dev.tdsmock.server;

import dev.tdsmock.faults.Effect;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;

/**
 * Breaks the next answer the server sends, once: on the message before the TDS encoder (truncated, unknown
 * token, PRELOGIN without options or terminator) or on its packets after it (packet type, EOM bit, length).
 */
final class MalformedAnswer {
    private static final String MESSAGE = "malformed-message";
    private static final String PACKETS = "malformed-packets";
    /** A token type MS-TDS 2.2.7 does not define. */
    private static final int UNKNOWN_TOKEN = 0x01;
    private static final int PRELOGIN_TERMINATOR = 0xFF;
    private static final int OPTION_SIZE = 5;

    private MalformedAnswer() {
    }

    /** Whether the next TDS message written on this pipeline is to be broken as a message (not on its packets). */
    static boolean breaksNextMessage(ChannelPipeline pipeline) {
        return pipeline.get(MESSAGE) != null;
    }

    /** Makes the next TDS message written on this pipeline come out broken the way {@code kind} says. */
    static void next(ChannelPipeline pipeline, Effect.Malformed.Kind kind) {
        switch (kind) {
            case WRONG_PACKET_TYPE, NO_EOM, BAD_LENGTH -> pipeline.addBefore(FirstBytesRouter.TDS_ENCODER, PACKETS,
                    new PacketBreaker(kind));
            default -> pipeline.addAfter(FirstBytesRouter.TDS_ENCODER, MESSAGE, new MessageBreaker(kind));
        }
    }

    /** Changes the payload of the next message. */
    private static final class MessageBreaker extends ChannelOutboundHandlerAdapter {
        private final Effect.Malformed.Kind kind;

        MessageBreaker(Effect.Malformed.Kind kind) {
            this.kind = kind;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof TdsMessage message)) {
                ctx.write(msg, promise);
                return;
            }
            ctx.pipeline().remove(this);
            ByteBuf payload = message.payload();
            ByteBuf broken = switch (kind) {
                case TRUNCATED -> payload.retainedSlice(payload.readerIndex(), payload.readableBytes() / 2);
                case UNKNOWN_TOKEN -> ctx.alloc().buffer(payload.readableBytes() + 1).writeByte(UNKNOWN_TOKEN)
                        .writeBytes(payload, payload.readerIndex(), payload.readableBytes());
                case EMPTY_PRELOGIN -> ctx.alloc().buffer(0);
                case PRELOGIN_WITHOUT_TERMINATOR -> optionsWithoutTerminator(payload);
                default -> throw new IllegalStateException(kind + " is broken on packets");
            };
            message.release();
            ctx.write(new TdsMessage(message.type(), broken), promise);
        }

        /** The PRELOGIN option headers, with the option data but without the 0xFF that ends the headers. */
        private static ByteBuf optionsWithoutTerminator(ByteBuf payload) {
            int at = payload.readerIndex();
            while (at < payload.writerIndex() && payload.getUnsignedByte(at) != PRELOGIN_TERMINATOR) {
                at += OPTION_SIZE;
            }
            ByteBuf broken = payload.alloc().buffer(payload.readableBytes());
            broken.writeBytes(payload, payload.readerIndex(), at - payload.readerIndex());
            if (at + 1 < payload.writerIndex()) {
                broken.writeBytes(payload, at + 1, payload.writerIndex() - at - 1);
            }
            return broken;
        }
    }

    /** Changes the headers of the next message's packets. */
    private static final class PacketBreaker extends ChannelOutboundHandlerAdapter {
        private final Effect.Malformed.Kind kind;
        private boolean first = true;

        PacketBreaker(Effect.Malformed.Kind kind) {
            this.kind = kind;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (!(msg instanceof ByteBuf packet) || packet.readableBytes() < PacketHeader.SIZE) {
                ctx.write(msg, promise);
                return;
            }
            int at = packet.readerIndex();
            boolean last = (packet.getUnsignedByte(at + 1) & PacketHeader.STATUS_EOM) != 0;
            switch (kind) {
                case WRONG_PACKET_TYPE -> packet.setByte(at, PacketType.SQL_BATCH);
                case NO_EOM -> packet.setByte(at + 1, packet.getUnsignedByte(at + 1) & ~PacketHeader.STATUS_EOM);
                case BAD_LENGTH -> {
                    if (first) {
                        packet.setShort(at + 2, packet.getUnsignedShort(at + 2) + 64);
                    }
                }
                default -> throw new IllegalStateException(kind + " is broken on the message");
            }
            first = false;
            if (last) {
                ctx.pipeline().remove(this);
            }
            ctx.write(msg, promise);
        }
    }
}
