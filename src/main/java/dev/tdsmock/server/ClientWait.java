package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The idle timeout: ends a connection whose client has sent nothing for the scenario's limit while the server
 * was waiting for it. Time the server spends holding its own answer (a delay fault) does not count: the
 * step runner pauses the wait for as long as it holds. First in the pipeline, so that it sees every byte.
 */
final class ClientWait extends ChannelInboundHandlerAdapter {
    static final String NAME = "client-wait";
    private Duration limit;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timer;
    private boolean paused;

    /** @param limit zero for no limit */
    ClientWait(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        arm();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** The server holds its answer: the client is not waited for. */
    void pause() {
        paused = true;
        cancel();
    }

    /** The server waits for the client again, from now. */
    void resume() {
        paused = false;
        arm();
    }

    /** A new limit from now, e.g. the session's once logged in; zero for none. */
    void limit(Duration limit) {
        this.limit = limit;
        arm();
    }

    private void arm() {
        cancel();
        if (paused || limit.isZero() || limit.isNegative() || !ctx.channel().isOpen()) {
            return;
        }
        timer = ctx.executor().schedule(this::expired, limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void expired() {
        if (paused || !ctx.channel().isOpen()) {
            return;
        }
        Connection connection = Connection.of(ctx.channel());
        Closing.now(ctx.channel(), Ending.byServer(Ending.Kind.TIMEOUT, "idle timeout: the client sent nothing for "
                + limit.toMillis() + " ms during " + connection.state().step()));
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
