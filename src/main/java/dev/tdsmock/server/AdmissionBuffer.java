package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
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
 * removed and hands the bytes on. Past {@link #MAX_KEPT_BYTES} reads pause.
 */
final class AdmissionBuffer extends ByteToMessageDecoder {
    static final String NAME = "admission-buffer";
    private static final int MAX_KEPT_BYTES = 64 * 1024;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() > MAX_KEPT_BYTES) {
            Connection.of(ctx.channel()).reading().pause(Reading.Pause.ADMISSION);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Connection connection = Connection.of(ctx.channel());
        long waited = Duration.between(connection.record().connectedAt(), Instant.now()).toMillis();
        Closing.record(ctx.channel(), Ending.byClient(Ending.Kind.CLOSE, "the client left after waiting " + waited
                + " ms to be accepted: the server had read nothing it sent"));
        super.channelInactive(ctx);
    }
}
