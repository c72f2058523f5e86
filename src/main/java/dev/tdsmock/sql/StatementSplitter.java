package dev.tdsmock.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a SQL batch into statements: at semicolons, and at line breaks where the next line starts a new
 * statement (drivers join their start-up SETs with line breaks). Quoted text is never cut.
 */
public final class StatementSplitter {
    private static final Set<String> STATEMENT_STARTS = Set.of("SET", "SELECT", "USE", "DECLARE", "EXEC", "EXECUTE",
            "IF", "BEGIN", "COMMIT", "ROLLBACK", "INSERT", "UPDATE", "DELETE", "PRINT", "CREATE", "DROP", "ALTER");

    private StatementSplitter() {
    }

    public static List<String> split(String batch) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < batch.length(); i++) {
            char c = batch.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"' || c == '[') {
                quote = c == '[' ? ']' : c;
                current.append(c);
            } else if (c == ';') {
                add(statements, current);
            } else if ((c == '\n' || c == '\r') && startsStatement(batch, i + 1)) {
                add(statements, current);
            } else {
                current.append(c);
            }
        }
        add(statements, current);
        return statements;
    }

    private static boolean startsStatement(String batch, int from) {
        int start = from;
        while (start < batch.length() && Character.isWhitespace(batch.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < batch.length() && Character.isLetter(batch.charAt(end))) {
            end++;
        }
        return STATEMENT_STARTS.contains(batch.substring(start, end).toUpperCase(Locale.ROOT));
    }

    private static void add(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }
}
