package dev.tdsmock.server;

import dev.tdsmock.journal.ChurnCounters;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * Every new connection gets its record in the journal, is counted, and gets the guard that ends it
 * cleanly; the admission then decides when it is served.
 */
final class ConnectionInitializer extends ChannelInitializer<SocketChannel> {
    private final ServerResources resources;
    private final Admission admission;
    private final OpenConnections open;

    ConnectionInitializer(ServerResources resources, Admission admission, OpenConnections open) {
        this.resources = resources;
        this.admission = admission;
        this.open = open;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!open.add(channel)) {
            return; // the listener is stopping
        }
        Connection connection = new Connection(resources.nextConnectionId(), channel, resources);
        channel.attr(Connection.KEY).set(connection);
        connection.capture(ConnectionCapture.start(connection.scenario().capture(), channel, connection.record().id()));
        resources.journal().add(connection.record());
        RoutedLogins.claim(connection.record());
        Logs.CONNECTION.debug("{} connected", connection.tag());
        String address = connection.record().clientAddress();
        ChurnCounters.Opening opening = resources.churn().opened(address);
        if (opening.rateWarning()) {
            Logs.CONNECTION.warn("{} opened more than {} connections within a minute: a client without connection "
                    + "pooling? Each closed connection holds a TIME_WAIT on the side that closed first",
                    address, resources.churn().warnPerMinute());
        }
        if (opening.portsWarning()) {
            Logs.CONNECTION.warn("{} passes {}% of a Windows client's ports with this connection; before it: {}. A "
                    + "client without pooling that closes first runs out of ports at {} until its TIME_WAITs end "
                    + "(KB 328476)", address, resources.churn().limits().warnPortsPercent(), opening.before().describe(),
                    opening.before().clientPorts());
        }
        channel.pipeline().addLast(AdmissionBuffer.NAME, new AdmissionBuffer(connection.buffered()));
        channel.pipeline().addLast(ConnectionPipeline.GUARD, new ConnectionGuard());
        if (connection.scenario().churn().exhaust() == Scenario.Exhaust.REFUSE && opening.before().spent()
                && opening.countedAs().equals(address)) {
            refuse(channel, address, opening.before());
            return;
        }
        admission.arrived(channel);
    }

    /**
     * churn.exhaust = refuse: the address has no client port left, as a Windows client out of ports would not
     * (it fails locally with WSAENOBUFS, 10055, and never connects); the closest a server can show is a reset at
     * once, before anything is read.
     */
    private void refuse(SocketChannel channel, String address, ChurnCounters.Ports ports) {
        resources.churn().refused(address);
        Ending ending = Ending.byServer(Ending.Kind.RST, "churn.exhaust = refuse: " + address
                + " has spent its client ports, " + ports.describe()
                + "; a Windows client out of ports fails locally with WSAENOBUFS (10055)");
        channel.eventLoop().execute(() -> Closing.now(channel, ending));
    }
}
