package dev.tdsmock.faults.types;

import com.typesafe.config.Config;
import dev.tdsmock.faults.Effect;
import dev.tdsmock.faults.Fault;
import dev.tdsmock.faults.FaultType;
import dev.tdsmock.faults.Step;
import dev.tdsmock.sql.ErrorReply;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code error-after-rows}: a request's answer stops after {@code rows} rows with an ERROR token (MS-TDS
 * 2.2.7.10) of {@code number}, {@code class} and {@code message} ({@code state} 1 unless given) and a DONE with the
 * error bit; with class 20 or more (a fatal error) the server then closes the connection, as SQL Server does,
 * otherwise the session goes on. E.g. a deadlock victim: number 1205, class 13.
 */
public final class ErrorAfterRowsFault implements FaultType {
    @Override
    public String name() {
        return "error-after-rows";
    }

    @Override
    public Set<String> keys() {
        return Set.of("rows", "number", "state", "class", "message");
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.of(Step.REQUEST);
    }

    @Override
    public Fault create(Config settings, Step step) {
        for (String key : new String[] {"rows", "number", "class", "message"}) {
            if (!settings.hasPath(key)) {
                throw new IllegalArgumentException("'" + key + "' is missing: an error-after-rows fault needs rows, "
                        + "number, class and message");
            }
        }
        int rows = settings.getInt("rows");
        int state = settings.hasPath("state") ? settings.getInt("state") : 1;
        int severity = settings.getInt("class");
        if (rows < 0) {
            throw new IllegalArgumentException("'rows' " + rows + " is below 0");
        }
        if (severity < 11 || severity > 25) {
            throw new IllegalArgumentException("'class' " + severity + " is not an error severity (11 to 25)");
        }
        if (state < 0 || state > 255) {
            throw new IllegalArgumentException("'state' " + state + " is not a byte (0 to 255)");
        }
        Effect effect = new Effect.ErrorAfterRows(rows,
                new ErrorReply(settings.getInt("number"), state, severity, settings.getString("message")));
        return arrival -> effect;
    }
}
