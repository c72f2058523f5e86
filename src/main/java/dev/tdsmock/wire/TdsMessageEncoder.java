package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** Splits outgoing messages into packets no larger than the negotiated packet size. */
public final class TdsMessageEncoder extends MessageToMessageEncoder<TdsMessage> {
    /** The size every TDS client starts with, before LOGIN7 negotiates another. */
    public static final int INITIAL_PACKET_SIZE = 4096;

    private volatile int packetSize = INITIAL_PACKET_SIZE;
    private volatile int spid;

    public TdsMessageEncoder(int spid) {
        super(TdsMessage.class);
        this.spid = spid;
    }

    public void packetSize(int packetSize) {
        this.packetSize = packetSize;
    }

    public int packetSize() {
        return packetSize;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, TdsMessage message, List<Object> out) {
        ByteBuf payload = message.payload();
        int maxPayload = packetSize - PacketHeader.SIZE;
        int packetId = 1;
        do {
            int chunk = Math.min(maxPayload, payload.readableBytes());
            boolean last = chunk == payload.readableBytes();
            ByteBuf packet = ctx.alloc().buffer(PacketHeader.SIZE + chunk);
            int status = (last && message.endOfMessage() ? PacketHeader.STATUS_EOM : 0)
                    | (packetId == 1 && message.resetConnection() ? PacketHeader.STATUS_RESET_CONNECTION : 0);
            PacketHeader.write(packet, message.type(), status,
                    PacketHeader.SIZE + chunk, spid, packetId & 0xFF);
            packet.writeBytes(payload, chunk);
            out.add(packet);
            packetId++;
        } while (payload.isReadable());
    }
}
