package dev.tdsmock.server;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Holds back one step of a connection (slow-prelogin, slow-tls, slow-login), reading nothing meanwhile. */
final class Delays {
    private Delays() {
    }

    static void then(ChannelHandlerContext ctx, Duration delay, String what, Runnable step) {
        if (delay.isZero() || delay.isNegative()) {
            step.run();
            return;
        }
        Connection connection = Connection.of(ctx.channel());
        connection.record().fault(what + " held for " + delay.toMillis() + " ms");
        Logs.CONNECTION.info("{} holding the {} for {} ms", connection.tag(), what, delay.toMillis());
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            try {
                step.run();
                ctx.channel().config().setAutoRead(true);
            } catch (RuntimeException e) {
                ctx.fireExceptionCaught(e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
