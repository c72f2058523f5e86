package dev.tdsmock.wire.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns T-SQL type declarations such as "decimal(10, 2)" or "NVARCHAR(MAX)" into {@link SqlType}s. */
final class DeclarationParser {
    private static final Pattern SHAPE = Pattern.compile("([a-z][a-z0-9]*)\\s*(?:\\((.*)\\))?");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,6}");

    private DeclarationParser() {
    }

    static SqlType parse(String declaration) {
        if (declaration == null) {
            throw new IllegalArgumentException("invalid SQL type declaration: null");
        }
        Matcher shape = SHAPE.matcher(declaration.trim().toLowerCase(Locale.ROOT));
        if (!shape.matches()) {
            throw invalid(declaration, "expected a type name, optionally followed by arguments in parentheses");
        }
        try {
            return build(shape.group(1), arguments(shape.group(2)));
        } catch (IllegalArgumentException e) {
            throw invalid(declaration, e.getMessage());
        }
    }

    private static SqlType build(String name, List<String> arguments) {
        if (name.equals("float")) {
            return floatType(arguments);
        }
        SqlKind kind = SqlKind.forKeyword(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown type name '" + name + "'"));
        if (kind.isExactDecimal()) {
            expectAtMost(kind, arguments, 2);
            int precision = arguments.isEmpty() ? 18 : number(arguments.get(0));
            int scale = arguments.size() < 2 ? 0 : number(arguments.get(1));
            return SqlType.decimal(kind, precision, scale);
        }
        if (kind.hasLength()) {
            expectAtMost(kind, arguments, 1);
            return SqlType.sized(kind, arguments.isEmpty() ? defaultLength(kind) : length(arguments.get(0)));
        }
        if (kind.hasFractionalSeconds()) {
            expectAtMost(kind, arguments, 1);
            int scale = arguments.isEmpty() ? SqlType.MAX_FRACTIONAL_SCALE : number(arguments.get(0));
            return SqlType.withFractionalSeconds(kind, scale);
        }
        expectAtMost(kind, arguments, 0);
        return SqlType.of(kind);
    }

    /** float(1..24) is real and float(25..53) is float, as in T-SQL. */
    private static SqlType floatType(List<String> arguments) {
        if (arguments.size() > 1) {
            throw new IllegalArgumentException("float takes at most one argument");
        }
        if (arguments.isEmpty()) {
            return SqlType.of(SqlKind.FLOAT);
        }
        int bits = number(arguments.get(0));
        if (bits < 1 || bits > 53) {
            throw new IllegalArgumentException("float mantissa bits must be 1..53, not " + bits);
        }
        return SqlType.of(bits <= 24 ? SqlKind.REAL : SqlKind.FLOAT);
    }

    /** nvarchar alone means nvarchar(4000) here (a profile convenience); varchar and varbinary follow it with 8000,
     *  while char, nchar and binary keep the T-SQL default of 1. */
    private static int defaultLength(SqlKind kind) {
        return kind.allowsMax() ? kind.largestLength() : 1;
    }

    private static int length(String argument) {
        return argument.equals("max") ? SqlType.MAX : number(argument);
    }

    private static int number(String argument) {
        if (!WHOLE_NUMBER.matcher(argument).matches()) {
            throw new IllegalArgumentException("'" + argument + "' is not a whole number");
        }
        return Integer.parseInt(argument);
    }

    private static List<String> arguments(String inside) {
        List<String> arguments = new ArrayList<>();
        if (inside == null) {
            return arguments;
        }
        for (String argument : inside.split(",", -1)) {
            String trimmed = argument.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("empty argument");
            }
            arguments.add(trimmed);
        }
        return arguments;
    }

    private static void expectAtMost(SqlKind kind, List<String> arguments, int most) {
        if (arguments.size() > most) {
            throw new IllegalArgumentException(kind.keyword()
                    + (most == 0 ? " takes no arguments" : " takes at most " + most + " argument" + (most == 1 ? "" : "s")));
        }
    }

    private static IllegalArgumentException invalid(String declaration, String reason) {
        return new IllegalArgumentException("invalid SQL type declaration '" + declaration + "': " + reason);
    }
}
