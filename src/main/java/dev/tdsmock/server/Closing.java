package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;

/**
 * The one path by which a connection ends: the ending is recorded (the first one recorded is the cause, in
 * the state the connection is in), then put on the wire: FIN by default, a TCP reset (SO_LINGER 0) for RST,
 * output shut down for HALF_CLOSE, nothing for SILENCE, no more reads for STOP_READING. A TLS alert has been
 * written before by the caller.
 */
final class Closing {
    private Closing() {
    }

    /** Records why the connection is ending; the first reason recorded is the one kept. */
    static void record(Channel channel, Ending ending) {
        Connection connection = Connection.of(channel);
        connection.record().ending(ending.during(connection.state().step()));
    }

    static void now(ChannelHandlerContext ctx, Ending ending) {
        now(ctx.channel(), ending);
    }

    static void now(Channel channel, Ending ending) {
        record(channel, ending);
        switch (ending.kind()) {
            case RST -> {
                if (channel.isActive()) {
                    channel.config().setOption(ChannelOption.SO_LINGER, 0);
                }
                // a reset is not a TLS closure: no close_notify goes before it, as none does from a server that
                // was forcibly closed (the TLS handler would send one on close)
                if (channel.pipeline().get(TlsInstaller.TLS) != null) {
                    channel.pipeline().remove(TlsInstaller.TLS);
                }
                channel.close();
            }
            case HALF_CLOSE -> {
                answerNothingMore(channel);
                ((DuplexChannel) channel).shutdownOutput();
            }
            case SILENCE -> answerNothingMore(channel);
            case STOP_READING -> Connection.of(channel).reading().pause(Reading.Pause.STOPPED);
            default -> channel.close();
        }
    }

    /** Ends the connection once {@code written} has gone out. */
    static void after(ChannelFuture written, Channel channel, Ending ending) {
        record(channel, ending);
        written.addListener(done -> now(channel, ending));
    }

    /**
     * Leaves only the guard (and the listener's count of open connections), which drops what the client still sends, so that the connection is read (and its
     * close seen) but nothing is answered and no timeout ends it.
     */
    private static void answerNothingMore(Channel channel) {
        for (String name : new java.util.ArrayList<>(channel.pipeline().toMap().keySet())) {
            if (!name.equals(ConnectionPipeline.GUARD) && !name.equals(OpenConnections.NAME)
                    && !name.equals(ConnectionCapture.NAME) && channel.pipeline().context(name) != null) {
                channel.pipeline().remove(name);
            }
        }
        Connection.of(channel).reading().resume(Reading.Pause.ADMISSION);
        Connection.of(channel).reading().resume(Reading.Pause.QUEUE_FULL);
    }
}
