package dev.tdsmock.control;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a control API connection whose next request is not wholly received in time: counted from the
 * connection's start and from each answer (so an idle kept-alive connection ends too), not while a request is
 * being answered (a wait on a fault may take minutes). Unlike a read timeout, a client that trickles a byte
 * now and then does not keep the connection. Sits after the aggregator, so it sees whole requests; it runs
 * before the token is checked.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);
    private final Duration limit;
    private ScheduledFuture<?> deadline;
    private int answering;

    /** @param limit how long a whole request may take to arrive, more than 0 */
    RequestDeadline(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest) {
            answering++;
            disarm();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent) {
            promise = promise.unvoid();
            promise.addListener(written -> {
                answering--;
                if (answering == 0) {
                    arm(ctx);
                }
            });
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        if (!ctx.channel().isActive()) {
            return;
        }
        deadline = ctx.executor().schedule(() -> {
            LOG.debug("control API connection from {} closed: no whole request within {} ms",
                    ctx.channel().remoteAddress(), limit.toMillis());
            ctx.close();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
