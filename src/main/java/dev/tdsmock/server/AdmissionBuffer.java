package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.wire.BufferBudget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * First in the pipeline while a connection waits to be accepted (an accept worker, the faults at accept): the
 * socket is read, so that a client that gives up waiting is seen at once and journalled as such, but what it
 * sent is kept, unread by the server, as the OS would keep it; once the connection is served this handler is
 * removed and hands the bytes on. Past {@link #MAX_KEPT_BYTES} reads pause. What it keeps is claimed from the
 * listener's buffer budget as it arrives and given back as it is handed on or the connection ends; bytes the
 * budget has no room for end the connection as bad input.
 */
final class AdmissionBuffer extends ByteToMessageDecoder {
    static final String NAME = "admission-buffer";
    private static final int MAX_KEPT_BYTES = 64 * 1024;
    private final BufferBudget.Hold budget;
    private boolean failed;
    private boolean handedOn;

    /** @param share the connection's share of the listener's buffer budget */
    AdmissionBuffer(BufferBudget.Share share) {
        this.budget = share.hold("bytes kept while waiting to be accepted");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed || handedOn || !ctx.channel().isActive()) {
            return; // ending: what it holds goes back with the connection
        }
        try {
            budget.holdExactly(in.readableBytes(), () -> " of what the client sent while waiting to be accepted");
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
        if (in.readableBytes() > MAX_KEPT_BYTES) {
            Connection.of(ctx.channel()).reading().pause(Reading.Pause.ADMISSION);
        }
    }

    /**
     * The connection is served: gives back what this handler claimed, then removes it, which hands the bytes on
     * (to be claimed again by whoever keeps them next). Call on the connection's event loop.
     */
    static void handOn(io.netty.channel.Channel channel) {
        AdmissionBuffer buffer = channel.pipeline().get(AdmissionBuffer.class);
        if (buffer != null) {
            buffer.handedOn = true;
            buffer.budget.releaseAll();
            channel.pipeline().remove(buffer);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Connection connection = Connection.of(ctx.channel());
        long waited = Duration.between(connection.record().connectedAt(), Instant.now()).toMillis();
        Closing.record(ctx.channel(), Ending.byClient(Ending.Kind.CLOSE, "the client left after waiting " + waited
                + " ms to be accepted: the server had read nothing it sent"));
        try {
            super.channelInactive(ctx);
        } finally {
            budget.releaseAll();
        }
    }

    /** Stripped as the connection ends (or served, see {@link #handOn}): its claim goes back. */
    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        budget.releaseAll();
    }
}
