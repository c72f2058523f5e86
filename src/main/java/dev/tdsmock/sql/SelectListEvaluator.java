package dev.tdsmock.sql;

import dev.tdsmock.wire.types.Column;
import dev.tdsmock.wire.types.RpcParameter;
import dev.tdsmock.wire.types.SqlType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a SELECT without FROM whose items are literals, parameters, {@code @@} variables or a few
 * built-in functions: {@code SELECT 1}, {@code SELECT @P0 AS id, N'x'}, {@code SELECT @@VERSION}.
 */
final class SelectListEvaluator {
    private static final Pattern SELECT = Pattern.compile("(?is)^select\\s+(.+)$");
    private static final Pattern ALIAS_AFTER = Pattern.compile("(?is)^(.+?)\\s+(?:as\\s+)?(\\[[^\\]]+\\]|'[^']*'|\"[^\"]*\"|[a-z_][\\w$#@]*)$");
    private static final Pattern ALIAS_BEFORE = Pattern.compile("(?is)^(\\[[^\\]]+\\]|[a-z_][\\w$#@]*)\\s*=\\s*(.+)$");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?\\d*\\.\\d+|[-+]?\\d+\\.\\d*");
    private static final Pattern STRING = Pattern.compile("(?s)(N?)'((?:[^']++|'')*+)'");
    private static final Pattern PARAMETER = Pattern.compile("@[\\w$#@]+");
    private static final Pattern FUNCTION = Pattern.compile("(?is)([a-z_]+)\\s*\\(\\s*(.*?)\\s*\\)");

    private final BuiltInValues builtIns;
    private final Map<String, RpcParameter> parameters;

    /** @param parameters by lower-case name, '@' included */
    SelectListEvaluator(BuiltInValues builtIns, Map<String, RpcParameter> parameters) {
        this.builtIns = builtIns;
        this.parameters = parameters;
    }

    Optional<Answer> evaluate(String statement) {
        Matcher select = SELECT.matcher(statement);
        if (!select.matches()) {
            return Optional.empty();
        }
        List<Column> columns = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        for (String item : splitItems(select.group(1))) {
            Named named = name(item.strip());
            Optional<Value> value;
            try {
                value = value(named.expression());
            } catch (UndeclaredVariable e) {
                return Optional.of(new Answer.Failure(new ErrorReply(137, 2, 15,
                        "Must declare the scalar variable \"" + e.getMessage() + "\".")));
            }
            if (value.isEmpty()) {
                return Optional.empty();
            }
            columns.add(new Column(named.name(), value.get().type()));
            row.add(value.get().value());
        }
        return Optional.of(new Answer.Rows(List.copyOf(columns), List.of(java.util.Collections.unmodifiableList(row))));
    }

    private record Named(String name, String expression) {
    }

    private static Named name(String item) {
        if (STRING.matcher(item).matches()) {
            return new Named("", item);
        }
        Matcher before = ALIAS_BEFORE.matcher(item);
        if (before.matches() && !item.startsWith("@")) {
            return new Named(unquote(before.group(1)), before.group(2).strip());
        }
        Matcher after = ALIAS_AFTER.matcher(item);
        if (after.matches() && !isKeywordValue(after.group(2))) {
            return new Named(unquote(after.group(2)), after.group(1).strip());
        }
        return new Named("", item);
    }

    private static boolean isKeywordValue(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        return upper.equals("NULL") || upper.equals("SYSTEM_USER") || upper.equals("CURRENT_USER");
    }

    private static String unquote(String name) {
        char first = name.charAt(0);
        if (first == '[' || first == '\'' || first == '"') {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private record Value(SqlType type, Object value) {
    }

    private static final class UndeclaredVariable extends RuntimeException {
        UndeclaredVariable(String name) {
            super(name, null, false, false);
        }
    }

    private Optional<Value> value(String expression) {
        String upper = expression.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL")) {
            return Optional.of(new Value(SqlType.forValue(null), null));
        }
        if (INTEGER.matcher(expression).matches()) {
            return Optional.of(integer(expression));
        }
        if (DECIMAL.matcher(expression).matches()) {
            BigDecimal number = new BigDecimal(expression);
            int scale = Math.max(0, number.scale());
            int precision = Math.max(number.precision(), scale + 1);
            return Optional.of(new Value(SqlType.parse("numeric(" + precision + "," + scale + ")"), number));
        }
        Matcher string = STRING.matcher(expression);
        if (string.matches()) {
            String text = string.group(2).replace("''", "'");
            return Optional.of(new Value(stringType(string.group(1).isEmpty(), text.length()), text));
        }
        if (upper.startsWith("@@")) {
            return builtIns.variable(upper.substring(2)).map(v -> new Value(SqlType.forValue(v), v));
        }
        if (PARAMETER.matcher(expression).matches()) {
            RpcParameter parameter = parameters.get(expression.toLowerCase(Locale.ROOT));
            if (parameter == null) {
                throw new UndeclaredVariable(expression);
            }
            return Optional.of(new Value(parameter.type(), parameter.value()));
        }
        Matcher function = FUNCTION.matcher(expression);
        if (function.matches()) {
            return builtIns.function(function.group(1).toUpperCase(Locale.ROOT), function.group(2))
                    .map(v -> new Value(v.type(), v.value()));
        }
        return builtIns.niladic(upper).map(v -> new Value(SqlType.forValue(v), v));
    }

    /** 'text' is varchar, N'text' nvarchar, each (max) beyond the longest fixed length. */
    private static SqlType stringType(boolean singleByte, int length) {
        int longest = singleByte ? 8000 : 4000;
        String size = length > longest ? "max" : Integer.toString(Math.max(1, length));
        return SqlType.parse((singleByte ? "varchar(" : "nvarchar(") + size + ")");
    }

    private static Value integer(String text) {
        BigDecimal number = new BigDecimal(text);
        try {
            return new Value(SqlType.parse("int"), number.intValueExact());
        } catch (ArithmeticException notInt) {
            try {
                return new Value(SqlType.parse("bigint"), number.longValueExact());
            } catch (ArithmeticException notBigint) {
                return new Value(SqlType.parse("numeric(38,0)"), number);
            }
        }
    }

    /** Splits at commas that are outside quotes and parentheses. */
    private static List<String> splitItems(String list) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '[') {
                quote = ']';
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                items.add(list.substring(start, i));
                start = i + 1;
            }
        }
        items.add(list.substring(start));
        return items;
    }
}
