package dev.tdsmock.server;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.TdsMessage;
import dev.tdsmock.wire.TokenStream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/** Refuses a login as SQL Server does: ERROR and DONE (error bit) in place of LOGINACK, then FIN (MS-TDS 3.3.5.3). */
final class LoginRefusal {
    private LoginRefusal() {
    }

    /** @param cause what made the server refuse, for the journal, or null when it is the server's own rule */
    static void send(Channel channel, ErrorReply error, String cause) {
        Connection connection = Connection.of(channel);
        ByteBuf payload = channel.alloc().buffer(256);
        new TokenStream(payload, connection.tdsVersion())
                .error(error.number(), error.state(), error.severity(), error.message(),
                        connection.scenario().login().serverName())
                .done(TokenStream.DONE_ERROR, 0, 0);
        if (channel.pipeline().get(FirstBytesRouter.PHASE) != null) {
            channel.pipeline().remove(FirstBytesRouter.PHASE);
        }
        connection.record().errorAnswered("login", null, error.number(), error.severity(), error.state(),
                error.message());
        String reason = "login refused with error " + error.number() + ": " + error.message()
                + (cause == null ? "" : " (" + cause + ")");
        Closing.after(channel.writeAndFlush(new TdsMessage(PacketType.TABULAR_RESULT, payload)), channel,
                Ending.byServer(Ending.Kind.FIN, reason));
    }
}
