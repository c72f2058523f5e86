package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of one listener that are still registered with an event loop, so that stopping the listener
 * closes them (the event loops are shared and outlive it) and waits until each has ended, its record journalled.
 */
@ChannelHandler.Sharable
final class OpenConnections extends ChannelInboundHandlerAdapter {
    /** Its name in every connection's pipeline, which nothing but the connection's end removes it from. */
    static final String NAME = "open-connections";
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /**
     * Counts a new connection until it leaves its event loop; false when the listener is stopping, and the
     * connection is closed.
     */
    boolean add(Channel channel) {
        open.add(channel);
        channel.pipeline().addFirst(NAME, this);
        if (closing) {
            channel.close();
            return false;
        }
        return true;
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        ended(ctx.channel());
        ctx.fireChannelUnregistered();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        ended(ctx.channel());
    }

    private void ended(Channel channel) {
        synchronized (open) {
            if (open.remove(channel)) {
                open.notifyAll();
            }
        }
    }

    int count() {
        return open.size();
    }

    /**
     * Closes every connection and waits up to {@code atMost} for all to end; {@code wait} false when the caller is
     * an event loop thread, which could be the one they end on.
     */
    void closeAll(Duration atMost, boolean wait) {
        closing = true;
        open.forEach(channel -> channel.eventLoop().execute(() -> Closing.now(channel,
                Ending.byServer(Ending.Kind.FIN, "the listener stopped"))));
        if (!wait) {
            return;
        }
        long deadline = System.nanoTime() + atMost.toNanos();
        synchronized (open) {
            long left;
            while (!open.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    open.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
