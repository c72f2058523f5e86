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
 */
public final class CloseFault implements FaultType {
    @Override
    public String name() {
        return "close";
    }

    @Override
    public Set<String> keys() {
        return Set.of("ending", "rows");
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
        Effect end = new Effect.End(kind, rows);
        return arrival -> end;
    }
}
