package dev.tdsmock.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain words for a setting Typesafe Config could not read: "limits.idle-timeout 'abc' is not a duration such as
 * 10s or 500ms" rather than "hardcoded value: Invalid value at 'idle-timeout': No number in duration value 'abc'".
 * The message starts with the setting's whole path (a reader given a sub-object knows only the last keys), so a
 * caller can say where the setting was given.
 */
public final class SettingMessages {
    private static final Pattern NULL = Pattern.compile("Configuration key '([^']+)' is set to null");
    private static final Pattern WRONG_TYPE = Pattern.compile("^(\\S+) has type (\\w+) rather than (\\w+)");
    private static final Pattern BAD_VALUE = Pattern.compile("^Invalid value at '([^']+)': (.*)$", Pattern.DOTALL);
    private static final Pattern MISSING = Pattern.compile("No configuration setting found for key '([^']+)'");
    private static final Map<String, String> TYPES = Map.of("STRING", "a text", "NUMBER", "a number",
            "LIST", "a list", "OBJECT", "an object", "BOOLEAN", "true or false", "NULL", "null");

    private SettingMessages() {
    }

    /**
     * @param e     what Typesafe Config threw while reading {@code given} (or a part of it)
     * @param given the settings as given, to find the whole path and the value
     * @return "path value reason", or the exception's message without its origin when it names no setting
     */
    public static String of(ConfigException e, Config given) {
        Words words = words(e, given);
        return words.path() == null ? words.rest() : words.path() + words.rest();
    }

    /** The same with the path in quotes, as a fault's keys are named: "'for' 'abc' is not a duration ...". */
    public static String ofKey(ConfigException e, Config given) {
        Words words = words(e, given);
        return words.path() == null ? words.rest() : "'" + words.path() + "'" + words.rest();
    }

    /** A setting's path (null when the message names none) and what follows it. */
    private record Words(String path, String rest) {
    }

    private static Words words(ConfigException e, Config given) {
        String message = withoutOrigin(e);
        Matcher m;
        if ((m = NULL.matcher(message)).find()) {
            // the type Typesafe expects says little (a size is read as text): say what to do instead
            return new Words(path(m.group(1), given), " is null: give it a value, or leave it out for its default");
        }
        if ((m = WRONG_TYPE.matcher(message)).find()) {
            String path = path(m.group(1), given);
            return new Words(path, value(path, given) + " is " + type(m.group(2)) + " where " + type(m.group(3))
                    + " is needed");
        }
        if ((m = BAD_VALUE.matcher(message)).find()) {
            String path = path(m.group(1), given);
            return new Words(path, value(path, given) + " " + reason(m.group(2)));
        }
        if ((m = MISSING.matcher(message)).find()) {
            return new Words(path(m.group(1), given), " is missing");
        }
        return new Words(null, message);
    }

    private static String withoutOrigin(ConfigException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    private static String reason(String typesafe) {
        String lower = typesafe.toLowerCase(Locale.ROOT);
        if (lower.contains("duration")) {
            return "is not a duration such as 10s or 500ms";
        }
        if (lower.contains("memory size") || lower.contains("size-in-bytes") || lower.contains("bytes")) {
            return "is not a size in bytes (0 or more) such as 64KiB or 32767";
        }
        return "is not valid: " + typesafe;
    }

    private static String type(String typesafe) {
        return TYPES.getOrDefault(typesafe, typesafe.toLowerCase(Locale.ROOT));
    }

    /** The whole path of the one given setting whose path ends with {@code key}, else {@code key}. */
    private static String path(String key, Config given) {
        List<String> found = new ArrayList<>();
        given.root().forEach((name, value) -> collect(ConfigUtil.joinPath(name), value, key, found));
        return found.size() == 1 ? found.get(0) : key;
    }

    /** Walks the objects rather than using entrySet, which leaves out null values. */
    private static void collect(String path, ConfigValue value, String key, List<String> found) {
        if (value instanceof ConfigObject object) {
            object.forEach((name, inner) -> collect(path + "." + ConfigUtil.joinPath(name), inner, key, found));
        } else if (path.equals(key) || path.endsWith("." + key)) {
            found.add(path);
        }
    }

    /** " 'abc'", " [1,2]", or nothing when the value cannot be shown. */
    private static String value(String path, Config given) {
        try {
            if (!given.hasPathOrNull(path)) {
                return "";
            }
            ConfigValue value = given.getValue(path);
            return " " + (value.valueType() == ConfigValueType.STRING ? "'" + value.unwrapped() + "'"
                    : value.render(ConfigRenderOptions.concise()));
        } catch (ConfigException e) {
            return "";
        }
    }
}
