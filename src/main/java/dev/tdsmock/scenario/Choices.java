package dev.tdsmock.scenario;

import java.util.Arrays;
import java.util.Locale;

/** Settings whose value is one of an enum's constants, spelt in lower case with dashes. */
final class Choices {
    private Choices() {
    }

    /** An enum constant from its lower-case, dashed spelling: "keep-leading-zeros" for KEEP_LEADING_ZEROS. */
    static <E extends Enum<E>> E of(String setting, String text, Class<E> type) {
        String name = text.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(setting + " '" + text + "' is none of "
                + Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }
}
