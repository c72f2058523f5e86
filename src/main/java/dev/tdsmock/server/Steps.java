package dev.tdsmock.server;

import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Firing;
import dev.tdsmock.faults.InstalledFault;
import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.wire.TokenStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs one step of a connection: the listener's faults that fire there (recorded in the journal and the
 * log), then, unless one of them ended the connection or answered in the server's place, the step's own
 * answer. While faults hold the answer (delays, then gates: {@link HeldStep}), the client's messages wait in the
 * {@link MessageGate} and the idle timeout does not run.
 */
final class Steps {
    /** The healthy answer of a step. */
    @FunctionalInterface
    interface Answer {
        /** @return the write of the answer, or null where the step writes nothing itself */
        ChannelFuture answer();

        /**
         * The answer cut after {@code rows} rows of results (after the last row when it has fewer, at its start
         * when it has none), followed by what {@code after} writes, or, when {@code after} is null, sent unfinished
         * (no EOM bit); only requests have rows.
         */
        default ChannelFuture cut(int rows, Consumer<TokenStream> after) {
            throw new UnsupportedOperationException("only a request's answer has rows");
        }

        /** LOGIN7's answer with a routing ENVCHANGE to {@code host}:{@code port}; only a login can be routed. */
        default ChannelFuture routed(String host, int port) {
            throw new UnsupportedOperationException("only a login can be routed");
        }

        /** The answer will not be made (a fault ended the connection, or the client left): release what it holds. */
        default void abandon() {
        }
    }

    private Steps() {
    }

    static void run(Channel channel, Step step, Answer answer) {
        run(channel, step, fault -> true, answer);
    }

    /** The same, consulting only the faults {@code which} takes. */
    static void run(Channel channel, Step step, Predicate<InstalledFault> which,
                    Answer answer) {
        Connection connection = Connection.of(channel);
        List<Firing> firings = connection.faults().arrive(connection.arrival(step), which);
        Duration hold = Duration.ZERO;
        List<CompletableFuture<Void>> gates = new ArrayList<>();
        Firing decisive = null;
        for (Firing firing : firings) {
            connection.record().faultFired(firing.id(), firing.type(), step.key(), firing.effect().describe());
            Logs.CONNECTION.info("{} fault {} ({}) at {}: {}", connection.tag(), firing.id(), firing.type(), step,
                    firing.effect().describe());
            if (firing.effect() instanceof Effect.Hold held) {
                hold = hold.plus(held.duration());
            } else if (firing.effect() instanceof Effect.Wait waiting) {
                gates.add(waiting.released());
            } else {
                decisive = firing;
            }
        }
        Firing ending = decisive;
        if (hold.isZero() && gates.isEmpty()) {
            finish(channel, step, ending, answer);
            return;
        }
        connection.hold(new HeldStep(channel, step, hold, gates, () -> finish(channel, step, ending, answer), answer));
    }

    /**
     * ATTENTION while a request's answer is held (MS-TDS 3.3.5.9): the request is cancelled and never answered.
     *
     * @return true when a held request was cancelled
     */
    static boolean cancelHeldRequest(Channel channel) {
        HeldStep held = Connection.of(channel).held();
        return held != null && held.step() == Step.REQUEST && held.cancel();
    }

    private static void finish(Channel channel, Step step, Firing decisive, Answer answer) {
        if (decisive == null) {
            answer.answer();
            return;
        }
        String cause = "fault " + decisive.id() + " (" + decisive.type() + " at " + step + ")";
        Effect effect = decisive.effect();
        if (effect instanceof Effect.End end && end.afterRows() != null) {
            Closing.after(answer.cut(end.afterRows(), null), channel, Ending.byServer(end.kind(),
                    cause + ": " + end.kind().key() + " after " + end.afterRows() + " rows"));
        } else if (effect instanceof Effect.EndAfterAnswer end) {
            endAfterAnswer(channel, Ending.byServer(end.kind(), cause + ": " + end.kind().key() + " after the answer"),
                    answer);
        } else if (effect instanceof Effect.Malformed malformed) {
            malformed(channel, malformed, cause, answer);
        } else if (effect instanceof Effect.Route route) {
            answer.routed(route.host(), route.port());
        } else if (effect instanceof Effect.ErrorAfterRows error) {
            errorAfterRows(channel, error, cause, answer);
        } else if (effect instanceof Effect.RefuseLogin refusal) {
            answer.abandon();
            LoginRefusal.send(channel, refusal.error(), cause);
        } else if (effect instanceof Effect.End end) {
            answer.abandon();
            Ending ending = Ending.byServer(end.kind(), cause + ": " + end.kind().key());
            if (end.kind() == Ending.Kind.ALERT) {
                alertThenClose(channel, ending);
            } else {
                Closing.now(channel, ending);
            }
        }
    }

    /** The whole answer goes out, then the connection ends; the ending is of the step, not of the next state. */
    private static void endAfterAnswer(Channel channel, Ending ending, Answer answer) {
        Closing.record(channel, ending);
        ChannelFuture sent = answer.answer();
        if (sent == null) {
            Closing.now(channel, ending);
        } else {
            Closing.after(sent, channel, ending);
        }
    }

    /** The answer goes out broken, then the connection ends; the ending is of the step, not of the next state. */
    private static void malformed(Channel channel, Effect.Malformed malformed, String cause, Answer answer) {
        MalformedAnswer.next(channel.pipeline(), malformed.kind());
        Ending ending = Ending.byServer(malformed.ending(), cause + ": " + malformed.describe());
        Closing.record(channel, ending);
        ChannelFuture sent = answer.answer();
        if (sent == null) {
            Closing.now(channel, ending);
        } else {
            Closing.after(sent, channel, ending);
        }
    }

    /** The answer cut after some rows, then an ERROR; a fatal one (class 20 or more) ends the connection. */
    private static void errorAfterRows(Channel channel, Effect.ErrorAfterRows error, String cause, Answer answer) {
        ErrorReply reply = error.error();
        String server = Connection.of(channel).scenario().login().serverName();
        boolean fatal = reply.severity() >= Effect.ErrorAfterRows.FATAL;
        Ending ending = Ending.byServer(Ending.Kind.FIN, cause + ": error " + reply.number() + " of class "
                + reply.severity() + " after " + error.rows() + " rows ends the connection");
        if (fatal) {
            Closing.record(channel, ending); // in the request, before the answer moves the state on
        }
        Connection.of(channel).record().errorAnswered("request", null, reply.number(), reply.severity(),
                reply.state(), reply.message());
        ChannelFuture sent = answer.cut(error.rows(), tokens -> tokens
                .error(reply.number(), reply.state(), reply.severity(), reply.message(), server)
                .done(TokenStream.DONE_ERROR, 0, 0));
        if (fatal) {
            Closing.after(sent, channel, ending);
        }
    }

    private static void alertThenClose(Channel channel, Ending ending) {
        ChannelHandlerContext hello = channel.pipeline().context(TlsInstaller.HELLO);
        ClientHello clientHello = Connection.of(channel).record().clientHello();
        if (hello == null || clientHello == null) {
            Closing.now(channel, ending);
            return;
        }
        Closing.after(TlsAlerts.fatal(hello, clientHello.recordVersion(), TlsAlerts.HANDSHAKE_FAILURE), channel, ending);
    }
}
