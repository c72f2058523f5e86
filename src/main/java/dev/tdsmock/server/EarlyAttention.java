package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import io.netty.channel.ChannelHandlerContext;

/**
 * ATTENTION (MS-TDS 2.2.1.7) before the login is answered: a client whose own timeout ran out while it waited
 * (pytds sends one when its PRELOGIN read times out). There is no request to cancel yet, so the server closes;
 * the client ended the exchange, and the journal says so.
 */
final class EarlyAttention {
    private EarlyAttention() {
    }

    /** Ends the connection and returns true when {@code message} is an ATTENTION. */
    static boolean ended(ChannelHandlerContext ctx, TdsMessage message) {
        if (message.type() != PacketType.ATTENTION) {
            return false;
        }
        String step = Connection.of(ctx.channel()).state().step();
        Closing.now(ctx, Ending.byClient(Ending.Kind.CLOSE, "the client cancelled (ATTENTION) during " + step
                + ", before its login was answered: its own timeout ran out; there is no request to cancel, so the "
                + "server closes"));
        return true;
    }
}
