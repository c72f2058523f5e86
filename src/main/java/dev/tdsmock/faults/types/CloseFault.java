package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Fault;
import dev.tdsmock.faults.FaultType;
import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.Ending;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code close}: ends the connection at its step instead of answering (at request with {@code rows = N}: after
 * the first N rows of the answer, mid-stream), the way {@code ending} says:
 * {@code rst} (a TCP reset, SO_LINGER 0: "An existing connection was forcibly closed by the remote host",
 * 10054; the default), {@code fin} (an orderly close), {@code alert} (a fatal handshake_failure alert, RFC 5246
 * 7.2, then FIN; at tls-hello only), {@code half-close} (the server shuts its output down and keeps reading)
 * {@code silence} (no answer at all; the socket stays open until the client closes it) or {@code stop-reading}
 * (no answer, and nothing more is read: the socket stays open and the client's writes back up).
 * With {@code after-answer = true} (at prelogin, login, request or attention) the step's answer goes out whole
 * first: {@code at = login, ending = fin, after-answer = true} is a server that closes first after LOGINACK, so
 * that the TIME_WAIT lands on the server (KB 328476) and the client's first query fails.
 */
public final class CloseFault implements FaultType {
    private static final Set<Step> AFTER_ANSWER_STEPS = EnumSet.of(Step.PRELOGIN, Step.LOGIN, Step.REQUEST,
            Step.ATTENTION);

    @Override
    public String name() {
        return "close";
    }

    @Override
    public Set<String> keys() {
        return Set.of("ending", "rows", "after-answer");
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.allOf(Step.class);
    }

    @Override
    public Fault create(Config settings, Step step) {
        String name = settings.hasPath("ending") ? settings.getString("ending") : "rst";
        Ending.Kind kind = switch (name.toLowerCase(Locale.ROOT)) {
            case "rst" -> Ending.Kind.RST;
            case "fin" -> Ending.Kind.FIN;
            case "alert" -> Ending.Kind.ALERT;
            case "half-close" -> Ending.Kind.HALF_CLOSE;
            case "silence" -> Ending.Kind.SILENCE;
            case "stop-reading" -> Ending.Kind.STOP_READING;
            default -> throw new IllegalArgumentException("'ending' '" + name
                    + "' is none of rst, fin, alert, half-close, silence, stop-reading");
        };
        if (kind == Ending.Kind.ALERT && step != Step.TLS_HELLO) {
            throw new IllegalArgumentException("'ending' alert is for at = tls-hello, where the server has read a "
                    + "ClientHello; at " + step + " use rst, fin, half-close or silence");
        }
        Integer rows = null;
        if (settings.hasPath("rows")) {
            if (step != Step.REQUEST) {
                throw new IllegalArgumentException("'rows' is for at = request, where the answer has rows");
            }
            if (kind == Ending.Kind.ALERT) {
                throw new IllegalArgumentException("'ending' alert is for at = tls-hello");
            }
            rows = settings.getInt("rows");
            if (rows < 0) {
                throw new IllegalArgumentException("'rows' " + rows + " is below 0");
            }
        }
        if (settings.hasPath("after-answer") && settings.getBoolean("after-answer")) {
            if (!AFTER_ANSWER_STEPS.contains(step)) {
                throw new IllegalArgumentException("'after-answer' is for at = prelogin, login, request or attention,"
                        + " where the server answers; at " + step + " there is no answer to send first");
            }
            if (rows != null || kind == Ending.Kind.ALERT) {
                throw new IllegalArgumentException("'after-answer' sends the whole answer: not with 'rows' nor "
                        + "'ending' alert");
            }
            Effect afterAnswer = new Effect.EndAfterAnswer(kind);
            return arrival -> afterAnswer;
        }
        Effect end = new Effect.End(kind, rows);
        return arrival -> end;
    }
}
