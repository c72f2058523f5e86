package dev.tdsmock.faults;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueType;
import dev.tdsmock.scenario.SettingMessages;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one fault (a HOCON or JSON object) into a {@link FaultDefinition}; every error names the key that
 * is wrong. The keys every fault has: {@code type}, {@code at}, {@code times}, {@code skip},
 * {@code probability}, {@code seed}, {@code match}, {@code expires-after}; and {@code after} at {@code idle}.
 */
public final class FaultReader {
    private static final List<String> COMMON = List.of("type", "at", "times", "skip", "probability", "seed",
            "match", "expires-after", "after");
    private static final SecureRandom SEEDS = new SecureRandom();

    private FaultReader() {
    }

    /** @throws IllegalArgumentException naming the key that is wrong */
    public static FaultDefinition read(Config fault) {
        try {
            return readChecked(fault);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(SettingMessages.ofKey(e, fault), e);
        }
    }

    /** The same from HOCON or JSON text. */
    public static FaultDefinition read(String text) {
        Config parsed;
        try {
            parsed = ConfigFactory.parseString(text);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a fault object: " + e.getMessage(), e);
        }
        return read(parsed);
    }

    private static FaultDefinition readChecked(Config c) {
        c.root().forEach((key, value) -> {
            if (value.valueType() == ConfigValueType.NULL) {
                throw new IllegalArgumentException("'" + key + "' is null: leave it out, or give it a value");
            }
        });
        if (!c.hasPath("type")) {
            throw new IllegalArgumentException("'type' is missing");
        }
        FaultType type = FaultTypes.named(c.getString("type"));
        Step at;
        if (c.hasPath("at")) {
            try {
                at = Step.of(c.getString("at"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'at': " + e.getMessage(), e);
            }
        } else if (type.steps().size() == 1) {
            at = type.steps().iterator().next();
        } else {
            throw new IllegalArgumentException("'at' is missing: one of " + names(type.steps()));
        }
        if (!type.steps().contains(at)) {
            throw new IllegalArgumentException("'at': a " + type.name() + " fault acts at " + names(type.steps())
                    + ", not at " + at);
        }
        for (String key : c.root().keySet()) {
            if (!COMMON.contains(key) && !type.keys().contains(key)) {
                Set<String> known = new TreeSet<>(type.keys());
                throw new IllegalArgumentException("'" + key + "' is not a key of a " + type.name() + " fault; it takes "
                        + (known.isEmpty() ? "" : String.join(", ", known) + ", and ") + String.join(", ", COMMON));
            }
        }
        Activation activation = new Activation(at,
                c.hasPath("times") ? c.getInt("times") : null,
                c.hasPath("skip") ? c.getInt("skip") : 0,
                c.hasPath("probability") ? c.getDouble("probability") : 1.0,
                c.hasPath("seed") ? c.getLong("seed") : SEEDS.nextLong(),
                c.hasPath("match") ? Match.of(match(c.getConfig("match")), at) : Match.ALL,
                c.hasPath("expires-after") ? c.getDuration("expires-after") : null,
                c.hasPath("after") ? c.getDuration("after") : null);
        Fault fault = type.create(c, at);
        return new FaultDefinition(type.name(), activation, fault, Map.copyOf(c.root().unwrapped()));
    }

    private static Map<String, String> match(Config match) {
        Map<String, String> expressions = new LinkedHashMap<>();
        match.root().forEach((key, value) -> {
            if (value.valueType() != ConfigValueType.STRING) {
                throw new IllegalArgumentException("'match." + key + "' must be a regular expression in a string");
            }
            expressions.put(key, (String) value.unwrapped());
        });
        return expressions;
    }

    private static String names(Set<Step> steps) {
        return String.join(", ", steps.stream().sorted().map(Step::key).toList());
    }

    /** A duration key that must be longer than zero. */
    public static Duration positive(Config c, String key) {
        Duration duration = c.getDuration(key);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("'" + key + "' must be longer than 0");
        }
        return duration;
    }
}
