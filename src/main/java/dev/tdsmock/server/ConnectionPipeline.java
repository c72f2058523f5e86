package dev.tdsmock.server;

import io.netty.channel.Channel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Puts an admitted connection's first handlers in place and starts reading from it. */
final class ConnectionPipeline {
    static final String IDLE = "idle";
    static final String ROUTER = "router";
    static final String GUARD = "guard";

    private ConnectionPipeline() {
    }

    static void admit(Channel channel) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> admit(channel));
            return;
        }
        if (!channel.isActive()) {
            return;
        }
        Connection connection = Connection.of(channel);
        long idleMillis = connection.scenario().limits().idleTimeout().toMillis();
        if (idleMillis > 0) {
            channel.pipeline().addBefore(GUARD, IDLE, new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        channel.pipeline().addBefore(GUARD, ROUTER, new FirstBytesRouter());
        connection.phase("first bytes");
        channel.config().setAutoRead(true);
    }
}
