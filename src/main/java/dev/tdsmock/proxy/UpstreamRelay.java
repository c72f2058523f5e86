package dev.tdsmock.proxy;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.wire.PacketHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** After login: hands the upstream's packets to the client's {@link UpstreamLeg.Relay} and tells it how the leg ended. */
final class UpstreamRelay extends ChannelInboundHandlerAdapter {
    private final ConnectionRecord record;
    private UpstreamLeg.Relay to;
    private boolean closedHere;
    private boolean reset;
    private String failure;

    UpstreamRelay(ConnectionRecord record) {
        this.record = record;
    }

    void to(UpstreamLeg.Relay relay) {
        to = relay;
    }

    void closedHere() {
        closedHere = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf packet = (ByteBuf) msg;
        if (closedHere || to == null) {
            packet.release();
            return;
        }
        to.packet(packet, PacketHeader.peek(packet).endOfMessage());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = UpstreamHandshake.describe(cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ResetWatch watch = ctx.pipeline().get(ResetWatch.class);
        if (watch != null && watch.reset() != null) {
            reset = true;
            failure = watch.reset();
        }
        if (!closedHere) {
            String reason = reset ? "reset by the upstream (" + failure + ")"
                    : failure != null ? "closed after an error on the upstream leg: " + failure
                    : "closed by the upstream";
            record.upstream(leg -> leg.ended(reason));
            if (to != null) {
                to.ended(reset, "the upstream connection was " + reason);
            }
        }
        ctx.fireChannelInactive();
    }
}
