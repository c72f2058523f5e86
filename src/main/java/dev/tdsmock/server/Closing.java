package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;

/** Ends a connection the way an ending says: FIN by default, a TCP reset (SO_LINGER 0) for RST. */
final class Closing {
    private Closing() {
    }

    /** Records why the connection is ending; the first reason recorded is the one kept. */
    static void record(ChannelHandlerContext ctx, Ending ending) {
        Connection.of(ctx.channel()).record().ending(ending);
    }

    static void now(ChannelHandlerContext ctx, Ending ending) {
        now(ctx.channel(), ending);
    }

    static void now(Channel channel, Ending ending) {
        Connection.of(channel).record().ending(ending);
        if (ending.kind() == Ending.Kind.RST && channel.isActive()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        channel.close();
    }

    /** Ends the connection once {@code written} has gone out. */
    static void after(ChannelFuture written, ChannelHandlerContext ctx, Ending ending) {
        record(ctx, ending);
        written.addListener(done -> now(ctx, ending));
    }
}
