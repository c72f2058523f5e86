package dev.tdsmock.faults;

import dev.tdsmock.wire.Login7;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which connections a fault applies to: Java regular expressions, each matched against the whole value, on
 * the client's address and its LOGIN7 fields (MS-TDS 2.2.6.4). All given must match; none given matches all.
 */
public final class Match {
    public static final String CLIENT_ADDRESS = "client-address";
    /** LOGIN7 fields by their key: application (AppName), host (HostName), user (UserName), database, library (CltIntName). */
    private static final Map<String, Function<Login7, String>> LOGIN_FIELDS = Map.of(
            "application", Login7::appName,
            "host", Login7::hostName,
            "user", Login7::userName,
            "database", Login7::database,
            "library", Login7::clientInterfaceName);
    public static final Match ALL = new Match(Map.of());

    private final Map<String, Pattern> patterns;

    private Match(Map<String, Pattern> patterns) {
        this.patterns = patterns;
    }

    /**
     * @param expressions key to regular expression
     * @throws IllegalArgumentException naming the key that is unknown, not allowed at this step, or not a regular expression
     */
    public static Match of(Map<String, String> expressions, Step step) {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        expressions.forEach((key, expression) -> {
            if (!key.equals(CLIENT_ADDRESS) && !LOGIN_FIELDS.containsKey(key)) {
                throw new IllegalArgumentException("'match." + key + "': no such field; a fault matches on "
                        + String.join(", ", keys()));
            }
            if (!key.equals(CLIENT_ADDRESS) && step.beforeLogin()) {
                throw new IllegalArgumentException("'match." + key + "': a fault at " + step
                        + " acts before LOGIN7 arrives, so it matches on client-address only");
            }
            try {
                patterns.put(key, Pattern.compile(expression));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'match." + key + "' is not a regular expression: "
                        + e.getDescription());
            }
        });
        return new Match(Map.copyOf(patterns));
    }

    static List<String> keys() {
        return List.of(CLIENT_ADDRESS, "application", "host", "user", "database", "library");
    }

    public boolean matches(Arrival arrival) {
        for (Map.Entry<String, Pattern> entry : patterns.entrySet()) {
            String value = entry.getKey().equals(CLIENT_ADDRESS) ? arrival.clientAddress()
                    : arrival.login() == null ? null : LOGIN_FIELDS.get(entry.getKey()).apply(arrival.login());
            if (value == null || !entry.getValue().matcher(value).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Key to regular expression, as given. */
    public Map<String, String> expressions() {
        Map<String, String> given = new LinkedHashMap<>();
        patterns.forEach((key, pattern) -> given.put(key, pattern.pattern()));
        return given;
    }
}
