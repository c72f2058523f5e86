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
 * {@code login-error}: answers LOGIN7 with an ERROR token (MS-TDS 2.2.7.10) and a DONE with the error bit
 * instead of LOGINACK, then closes (FIN), as SQL Server refuses a login. Keys: {@code number} (default 18456);
 * {@code class} (the severity) and {@code message}, which default to what SQL Server sends for the numbers in
 * {@link LoginErrors} and must be given for others; {@code state} (default 1). In a message, {user},
 * {database}, {server} and {id} are replaced by the LOGIN7 user, database and server name and a session
 * tracing id.
 */
public final class LoginErrorFault implements FaultType {
    @Override
    public String name() {
        return "login-error";
    }

    @Override
    public Set<String> keys() {
        return Set.of("number", "state", "class", "message");
    }

    @Override
    public Set<Step> steps() {
        return EnumSet.of(Step.LOGIN);
    }

    @Override
    public Fault create(Config settings, Step step) {
        int number = settings.hasPath("number") ? settings.getInt("number") : 18456;
        LoginErrors.Known known = LoginErrors.known(number);
        if (known == null && (!settings.hasPath("class") || !settings.hasPath("message"))) {
            throw new IllegalArgumentException("'number' " + number + " needs a class and a message; they are known "
                    + "for " + LoginErrors.numbers());
        }
        int state = settings.hasPath("state") ? settings.getInt("state") : 1;
        int severity = settings.hasPath("class") ? settings.getInt("class") : known.severity();
        if (state < 0 || state > 255) {
            throw new IllegalArgumentException("'state' " + state + " is not a byte (0 to 255)");
        }
        if (severity < 11 || severity > 25) {
            throw new IllegalArgumentException("'class' " + severity + " is not an error severity (11 to 25)");
        }
        String message = settings.hasPath("message") ? settings.getString("message") : known.text();
        return arrival -> new Effect.RefuseLogin(new ErrorReply(number, state, severity,
                LoginErrors.fill(message, arrival)));
    }
}
