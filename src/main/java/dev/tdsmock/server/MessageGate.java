package dev.tdsmock.server;

import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sits before the phase handler and keeps the client's messages back while a step's answer is held
 * (MS-TDS 3.3.5.9: requests that arrive meanwhile are queued), in order; ATTENTION goes through at once. The socket is still read, so a client
 * that gives up and closes is seen at once; past {@link #MAX_QUEUED} messages reads pause.
 */
final class MessageGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "message-gate";
    private static final int MAX_QUEUED = 16;
    private final Deque<Object> queued = new ArrayDeque<>();
    private boolean closed;
    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TdsMessage message && message.type() == PacketType.ATTENTION) {
            ctx.fireChannelRead(msg); // out of band: it may cancel the request being held
        } else if (closed || !queued.isEmpty()) {
            queued.add(msg);
            if (queued.size() >= MAX_QUEUED) {
                Connection.of(ctx.channel()).reading().pause(Reading.Pause.QUEUE_FULL);
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Keeps what the client sends from now on until {@link #open()}. */
    void close() {
        closed = true;
    }

    /** Lets the kept messages through, in order, then everything that follows. */
    void open() {
        closed = false;
        Connection.of(ctx.channel()).reading().resume(Reading.Pause.QUEUE_FULL);
        while (!closed && !queued.isEmpty() && ctx.channel().isActive()) {
            ctx.fireChannelRead(queued.poll());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        Object msg;
        while ((msg = queued.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
