package dev.tdsmock.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * Every new connection gets its record in the journal, is counted, and gets the guard that ends it
 * cleanly; the admission then decides when it is served.
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerResources resources;
    private final Admission admission;

    ConnectionInitializer(ServerResources resources, Admission admission) {
        this.resources = resources;
        this.admission = admission;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        Connection connection = new Connection(resources.nextConnectionId(), channel, resources);
        channel.attr(Connection.KEY).set(connection);
        resources.journal().add(connection.record());
        RoutedLogins.claim(connection.record());
        Logs.CONNECTION.info("{} connected", connection.tag());
        String address = connection.record().clientAddress();
        if (resources.churn().opened(address)) {
            Logs.CONNECTION.warn("{} opened more than {} connections within a minute: a client without connection "
                    + "pooling? Each closed connection holds a TIME_WAIT on the side that closed first",
                    address, resources.churn().warnPerMinute());
        }
        channel.pipeline().addLast(AdmissionBuffer.NAME, new AdmissionBuffer());
        channel.pipeline().addLast(ConnectionPipeline.GUARD, new ConnectionGuard());
        admission.arrived(channel);
    }
}
