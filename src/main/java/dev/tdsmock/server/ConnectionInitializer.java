package dev.tdsmock.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Every new connection starts with: idle watch, first-bytes router, and the guard that ends it cleanly. */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
    static final String IDLE = "idle";
    private final ServerResources resources;

    ConnectionInitializer(ServerResources resources) {
        this.resources = resources;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        Connection connection = new Connection(resources.nextConnectionId(), channel, resources);
        channel.attr(Connection.KEY).set(connection);
        resources.journal().add(connection.record());
        connection.record().phase("connected");
        Logs.CONNECTION.info("{} connected", connection.tag());
        long idleMillis = resources.scenario().limits().idleTimeout().toMillis();
        if (idleMillis > 0) {
            channel.pipeline().addLast(IDLE, new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        channel.pipeline().addLast("router", new FirstBytesRouter());
        channel.pipeline().addLast("guard", new ConnectionGuard());
    }
}
