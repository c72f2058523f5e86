package dev.tdsmock.server;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.tls.hello.MalformedClientHelloException;
import dev.tdsmock.wire.EarlyAttentionException;
import dev.tdsmock.wire.MalformedTdsException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * Last in every pipeline: turns whatever went wrong into one log line, one journal ending and a closed
 * connection, so that nothing a client does reaches the listener or any other connection.
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Connection connection = Connection.of(ctx.channel());
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String phase = connection.state().step();
        Ending ending;
        if (root instanceof EarlyAttentionException) {
            ending = Ending.byClient(Ending.Kind.CLOSE, "the client cancelled (ATTENTION) during " + phase
                    + ", before its login was answered: its own timeout ran out; there is no request to cancel, so "
                    + "the server closes");
        } else if (root instanceof MalformedTdsException || root instanceof MalformedClientHelloException) {
            ending = Ending.byServer(Ending.Kind.FIN, "bad input during " + phase + ": " + root.getMessage());
        } else if (root instanceof SSLException) {
            ending = Ending.byServer(Ending.Kind.FIN, "TLS failed during " + phase + ": " + root.getMessage());
        } else if (root instanceof IOException) {
            boolean reset = String.valueOf(root.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset");
            ending = Ending.byClient(reset ? Ending.Kind.RST : Ending.Kind.CLOSE,
                    "client connection broke during " + phase + ": " + root.getMessage());
        } else {
            Logs.CONNECTION.error("{} server error during {}", connection.tag(), phase, root);
            ending = Ending.byServer(Ending.Kind.FIN, "server error during " + phase + ": " + root);
        }
        Closing.now(ctx, ending);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Connection connection = Connection.of(ctx.channel());
        Logs.CONNECTION.debug("{} dropped {} that no handler took", connection.tag(), msg);
        ReferenceCountUtil.release(msg);
    }

    /** A client that sends requests without reading the answers is not read from until it catches up. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Reading reading = Connection.of(ctx.channel()).reading();
        if (ctx.channel().isWritable()) {
            reading.resume(Reading.Pause.BACKPRESSURE);
        } else {
            reading.pause(Reading.Pause.BACKPRESSURE);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Connection connection = Connection.of(ctx.channel());
        ConnectionRecord record = connection.record();
        String during = connection.state().step();
        if (connection.state() == ConnectionState.LOGIN_READY && record.tls() != null && record.login() == null) {
            // tedious checks the certificate only once the handshake is over, and leaves before LOGIN7
            TlsFaultNotes.certificate(connection);
            record.ending(Ending.byClient(Ending.Kind.CLOSE, "closed by the client after the TLS handshake, before "
                    + "sending LOGIN7").during(during));
        }
        record.ending(Ending.byClient(Ending.Kind.CLOSE, "closed by the client during " + during).during(during));
        connection.enter(ConnectionState.FINAL);
        Ending ending = record.ending();
        record.churn(connection.resources().churn().closed(record.clientAddress(), ending));
        record.ended();
        connection.resources().ended(record);
        if (ending.kind() == Ending.Kind.CLOSE) {
            if (Logs.CONNECTION.isInfoEnabled()) { // the summary is built for the console only
                Logs.CONNECTION.info("{} {} {}", connection.tag(), EndLine.summary(record), ending.reason());
            }
        } else {
            Logs.CONNECTION.warn("{} {} closed ({} by {}): {}", connection.tag(), EndLine.summary(record), ending.kind(),
                    ending.by().name().toLowerCase(java.util.Locale.ROOT), ending.reason());
        }
        ctx.fireChannelInactive();
    }
}
