package dev.tdsmock.server;

import dev.tdsmock.wire.BufferBudget;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sits before the phase handler and keeps the client's messages back while a step's answer is held
 * (MS-TDS 3.3.5.9: requests that arrive meanwhile are queued), in order; ATTENTION goes through at once. The socket is still read, so that a client
 * that gives up and closes is seen at once; past {@link #MAX_QUEUED} messages reads pause. A queued message's
 * bytes are claimed from the listener's buffer budget before it is kept and given back as it is let through or
 * the connection ends; a message the budget has no room for ends the connection as bad input.
 */
final class MessageGate extends ChannelInboundHandlerAdapter {
    static final String NAME = "message-gate";
    private static final int MAX_QUEUED = 16;
    private final Deque<Queued> queued = new ArrayDeque<>();
    private final BufferBudget.Hold budget;
    private boolean closed;
    private boolean failed;
    private ChannelHandlerContext ctx;

    /** A message kept back and the bytes claimed for it. */
    private record Queued(Object message, long bytes) {
    }

    /** @param share the connection's share of the listener's buffer budget */
    MessageGate(BufferBudget.Share share) {
        this.budget = share.hold("messages queued while a step is held");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg); // the connection is ending: nothing more is kept
        } else if (msg instanceof TdsMessage message && message.type() == PacketType.ATTENTION) {
            ctx.fireChannelRead(msg); // out of band: it may cancel the request being held
        } else if (closed || !queued.isEmpty()) {
            keep(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void keep(Object msg) {
        long bytes = bytes(msg);
        try {
            budget.claim(bytes, () -> " to queue a " + describe(msg) + " behind " + queued.size()
                    + " while a step is held");
        } catch (MalformedTdsException e) {
            failed = true;
            ReferenceCountUtil.release(msg);
            throw e;
        }
        queued.add(new Queued(msg, bytes));
        if (queued.size() >= MAX_QUEUED) {
            Connection.of(ctx.channel()).reading().pause(Reading.Pause.QUEUE_FULL);
        }
    }

    private static long bytes(Object msg) {
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return msg instanceof ByteBuf buf ? buf.readableBytes() : 0;
    }

    private static String describe(Object msg) {
        return msg instanceof TdsMessage message ? PacketType.name(message.type()) + " message" : "message";
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
            Queued next = queued.poll();
            budget.release(next.bytes()); // the next handler's now
            ctx.fireChannelRead(next.message());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    private void release() {
        Queued next;
        while ((next = queued.poll()) != null) {
            ReferenceCountUtil.release(next.message());
        }
        budget.releaseAll();
    }
}
