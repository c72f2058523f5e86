package dev.tdsmock.sql;

import dev.tdsmock.sql.SqlLexer.Kind;
import dev.tdsmock.sql.SqlLexer.Token;
import dev.tdsmock.wire.types.CodePage1252;
import dev.tdsmock.wire.types.Column;
import dev.tdsmock.wire.types.RpcParameter;
import dev.tdsmock.wire.types.SqlType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a SELECT without FROM whose items are literals, parameters, {@code @@} variables or a few
 * built-in functions: {@code SELECT 1}, {@code SELECT @P0 AS id, N'x'}, {@code SELECT @@VERSION}.
 * Works on the statement's tokens ({@link SqlLexer}), each looked at a bounded number of times, so the work is
 * linear in the statement's length. What SQL Server refuses it answers with SQL Server's error: an alias longer than
 * 128 characters (103), more than 4096 items (1056), a float constant out of range (168).
 */
final class SelectListEvaluator {
    private static final Set<String> KEYWORD_VALUES = Set.of("NULL", "SYSTEM_USER", "CURRENT_USER", "SESSION_USER",
            "AS");

    private final BuiltInValues builtIns;
    private final Map<String, RpcParameter> parameters;

    /** @param parameters by lower-case name, '@' included */
    SelectListEvaluator(BuiltInValues builtIns, Map<String, RpcParameter> parameters) {
        this.builtIns = builtIns;
        this.parameters = parameters;
    }

    Optional<Answer> evaluate(CharSequence statement) {
        List<Token> tokens = SqlLexer.tokens(statement);
        if (tokens.isEmpty() || !tokens.get(0).isWord(statement, "SELECT")) {
            return Optional.empty();
        }
        try {
            refuseUnclosedStrings(statement, tokens);
            return evaluate(statement, items(statement, tokens));
        } catch (SqlError e) {
            return Optional.of(new Answer.Failure(e.reply()));
        }
    }

    /** A string constant without its closing quote: error 105, as SQL Server answers it. */
    private static void refuseUnclosedStrings(CharSequence statement, List<Token> tokens) {
        for (Token token : tokens) {
            int quote = token.kind() == Kind.NSTRING ? token.start() + 1 : token.start();
            if ((token.kind() == Kind.STRING || token.kind() == Kind.NSTRING)
                    && !SqlLexer.closed(statement, quote, token.end())) {
                String rest = statement.subSequence(quote + 1, token.end()).toString();
                throw new SqlError(new ErrorReply(105, 1, 15, "Unclosed quotation mark after the character string '"
                        + (rest.length() > 128 ? rest.substring(0, 128) : rest) + "'."));
            }
        }
    }

    private Optional<Answer> evaluate(CharSequence statement, List<List<Token>> items) {
        if (items.size() > ErrorReplies.MAX_SELECT_ITEMS) {
            throw new SqlError(ErrorReplies.tooManySelectItems());
        }
        for (List<Token> item : items) {
            if (item.isEmpty() && items.size() > 1) {
                // SELECT , 1 or SELECT 1, : the comma has nothing on one side
                throw new SqlError(new ErrorReply(102, 1, 15, "Incorrect syntax near ','."));
            }
        }
        List<Column> columns = new ArrayList<>(items.size());
        List<Object> row = new ArrayList<>(items.size());
        for (List<Token> item : items) {
            Named named = name(statement, item);
            if (named == null) {
                return Optional.empty();
            }
            Optional<Value> value = value(statement, named.expression());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            columns.add(new Column(named.name(), value.get().type()));
            row.add(value.get().value());
        }
        return Optional.of(new Answer.Rows(List.copyOf(columns), List.of(Collections.unmodifiableList(row))));
    }

    /** The items after SELECT, cut at commas outside parentheses. */
    private static List<List<Token>> items(CharSequence statement, List<Token> tokens) {
        List<List<Token>> items = new ArrayList<>();
        int depth = 0;
        int start = 1;
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol(statement, '(')) {
                depth++;
            } else if (token.isSymbol(statement, ')')) {
                depth--;
            } else if (depth == 0 && token.isSymbol(statement, ',')) {
                items.add(tokens.subList(start, i));
                start = i + 1;
            }
        }
        items.add(tokens.subList(start, tokens.size()));
        return items;
    }

    private record Named(String name, List<Token> expression) {
    }

    /** {@code alias = expression}, {@code expression [AS] alias}, or an unnamed expression; null for an empty item. */
    private static Named name(CharSequence statement, List<Token> item) {
        if (item.isEmpty()) {
            return null;
        }
        if (item.size() >= 3 && item.get(1).isSymbol(statement, '=') && isName(statement, item.get(0), false)) {
            return new Named(unquote(statement, item.get(0)), item.subList(2, item.size()));
        }
        Token last = item.get(item.size() - 1);
        if (item.size() >= 2 && isName(statement, last, true)) {
            int end = item.size() - 1;
            if (item.get(end - 1).isWord(statement, "AS")) {
                end--;
            }
            if (end > 0) {
                return new Named(unquote(statement, last), item.subList(0, end));
            }
        }
        return new Named("", item);
    }

    /** A regular identifier that is not a variable or a keyword value, a delimited one, or (after) a 'string'. */
    private static boolean isName(CharSequence statement, Token token, boolean stringAllowed) {
        return switch (token.kind()) {
            case QUOTED_NAME -> true;
            case STRING -> stringAllowed;
            case WORD -> statement.charAt(token.start()) != '@'
                    && !KEYWORD_VALUES.contains(token.text(statement).toUpperCase(Locale.ROOT));
            default -> false;
        };
    }

    /** The name a column gets from an alias; an alias of more than 128 characters is error 103. */
    private static String unquote(CharSequence statement, Token token) {
        String name = token.kind() == Kind.WORD ? token.text(statement)
                : quotedText(statement, token.start(), token.end());
        if (name.length() > ErrorReplies.MAX_IDENTIFIER_LENGTH) {
            throw new SqlError(ErrorReplies.identifierTooLong(name));
        }
        return name;
    }

    /** The text between the quotes that start at {@code start}, a doubled closing quote read as one. */
    private static String quotedText(CharSequence statement, int start, int end) {
        char close = statement.charAt(start) == '[' ? ']' : statement.charAt(start);
        int last = end - 1;
        if (last <= start || statement.charAt(last) != close) {
            last = end;
        }
        StringBuilder text = new StringBuilder(Math.max(0, last - start - 1));
        for (int i = start + 1; i < last; i++) {
            char c = statement.charAt(i);
            text.append(c);
            if (c == close) {
                i++;
            }
        }
        return text.toString();
    }

    private record Value(SqlType type, Object value) {
    }

    private Optional<Value> value(CharSequence statement, List<Token> expression) {
        Token first = expression.get(0);
        if (expression.size() == 1) {
            return single(statement, first);
        }
        if (expression.size() == 2 && expression.get(1).kind() == Kind.NUMBER
                && (first.isSymbol(statement, '-') || first.isSymbol(statement, '+'))) {
            return Optional.of(number(statement, expression.get(1), first.isSymbol(statement, '-')));
        }
        Token last = expression.get(expression.size() - 1);
        if (first.kind() == Kind.WORD && statement.charAt(first.start()) != '@' && expression.size() >= 3
                && expression.get(1).isSymbol(statement, '(') && last.isSymbol(statement, ')')
                && closesFirstParenthesis(statement, expression)) {
            String arguments = statement.subSequence(expression.get(1).end(), last.start()).toString().strip();
            return builtIns.function(first.text(statement).toUpperCase(Locale.ROOT), arguments)
                    .map(v -> new Value(v.type(), v.value()));
        }
        return Optional.empty();
    }

    /** Whether the parenthesis after the function name closes at the expression's last token. */
    private static boolean closesFirstParenthesis(CharSequence statement, List<Token> expression) {
        int depth = 0;
        for (int i = 1; i < expression.size(); i++) {
            Token token = expression.get(i);
            if (token.isSymbol(statement, '(')) {
                depth++;
            } else if (token.isSymbol(statement, ')') && --depth == 0) {
                return i == expression.size() - 1;
            }
        }
        return false;
    }

    private Optional<Value> single(CharSequence statement, Token token) {
        switch (token.kind()) {
            case NUMBER -> {
                return Optional.of(number(statement, token, false));
            }
            case BINARY -> {
                byte[] bytes = binary(statement, token);
                return Optional.of(new Value(SqlType.forValue(bytes), bytes));
            }
            case STRING, NSTRING -> {
                boolean unicode = token.kind() == Kind.NSTRING;
                String text = quotedText(statement, unicode ? token.start() + 1 : token.start(), token.end());
                // a varchar constant holds what code page 1252 can: 'ж' is '?', as in SQL Server
                return Optional.of(unicode ? new Value(stringType(false, text.length()), text)
                        : new Value(stringType(true, text.length()), CodePage1252.fit(text)));
            }
            case WORD -> {
                return word(token.text(statement));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** A binary constant's bytes; an odd number of hex digits has a 0 put in front, as SQL Server does. */
    private static byte[] binary(CharSequence statement, Token token) {
        String digits = statement.subSequence(token.start() + 2, token.end()).toString();
        if (digits.length() % 2 == 1) {
            digits = "0" + digits;
        }
        return java.util.HexFormat.of().parseHex(digits);
    }

    private Optional<Value> word(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL")) {
            return Optional.of(new Value(SqlType.forValue(null), null));
        }
        if (upper.startsWith("@@")) {
            return builtIns.variable(upper.substring(2)).map(v -> new Value(SqlType.forValue(v), v));
        }
        if (upper.startsWith("@")) {
            if (word.length() > ErrorReplies.MAX_IDENTIFIER_LENGTH) {
                throw new SqlError(ErrorReplies.identifierTooLong(word));
            }
            RpcParameter parameter = parameters.get(word.toLowerCase(Locale.ROOT));
            if (parameter == null) {
                throw new SqlError(new ErrorReply(137, 2, 15, "Must declare the scalar variable \"" + word + "\"."));
            }
            return Optional.of(new Value(parameter.type(), parameter.value()));
        }
        return builtIns.niladic(upper).map(v -> new Value(SqlType.forValue(v), v));
    }

    private static Value number(CharSequence statement, Token token, boolean negative) {
        NumberLiterals.Typed typed = NumberLiterals.parse(statement.subSequence(token.start(), token.end()), negative);
        return new Value(typed.type(), typed.value());
    }

    /** 'text' is varchar, N'text' nvarchar, each (max) beyond the longest fixed length. */
    private static SqlType stringType(boolean singleByte, int length) {
        int longest = singleByte ? 8000 : 4000;
        String size = length > longest ? "max" : Integer.toString(Math.max(1, length));
        return SqlType.parse((singleByte ? "varchar(" : "nvarchar(") + size + ")");
    }
}
