package dev.tdsmock.server;

import dev.tdsmock.faults.Step;
import io.netty.channel.Channel;

/** Serves an admitted connection: the faults at accept, then its first handlers, then reading from it. */
final class ConnectionPipeline {
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
        Steps.run(channel, Step.ACCEPT, () -> {
            serve(channel);
            return null;
        });
    }

    private static void serve(Channel channel) {
        Connection connection = Connection.of(channel);
        channel.pipeline().addFirst(ClientWait.NAME, new ClientWait(connection.scenario().limits().idleTimeout()));
        channel.pipeline().addBefore(GUARD, ROUTER, new FirstBytesRouter());
        connection.enter(ConnectionState.INITIAL);
        connection.loginDeadline().start();
        connection.reading().resume(Reading.Pause.ADMISSION);
        // what the client sent while it waited goes to the router now
        AdmissionBuffer.handOn(channel);
    }
}
