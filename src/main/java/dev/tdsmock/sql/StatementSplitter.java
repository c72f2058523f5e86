package dev.tdsmock.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a SQL batch into statements: at semicolons, and at line breaks where the next line starts a new statement
 * (drivers join their start-up SETs with line breaks). Quoted text and comments are never cut, and a semicolon in
 * them cuts nothing. One pass from left to right with {@link SqlLexer}'s scanners: the work is linear in the length
 * of the batch, whatever runs of blanks, line breaks or quotes it holds.
 */
public final class StatementSplitter {
    private static final Set<String> STATEMENT_STARTS = Set.of("SET", "SELECT", "USE", "DECLARE", "EXEC", "EXECUTE",
            "IF", "BEGIN", "COMMIT", "ROLLBACK", "INSERT", "UPDATE", "DELETE", "PRINT", "CREATE", "DROP", "ALTER");
    private static final int LONGEST_START = 8;

    private StatementSplitter() {
    }

    /** The statements of {@code batch}, each stripped of surrounding blanks; empty ones left out. */
    public static List<String> split(CharSequence batch) {
        List<String> statements = new ArrayList<>();
        int n = batch.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            char c = batch.charAt(i);
            if (c == '\'' || c == '"' || c == '[') {
                i = SqlLexer.endOfQuoted(batch, i);
            } else if (SqlLexer.commentAt(batch, i)) {
                i = SqlLexer.endOfComment(batch, i);
            } else if (c == ';') {
                add(statements, batch, start, i);
                start = ++i;
            } else if (c == '\n' || c == '\r') {
                int next = SqlLexer.skipBlanks(batch, i);
                if (startsStatement(batch, next)) {
                    add(statements, batch, start, i);
                    start = next;
                }
                i = next;
            } else {
                i++;
            }
        }
        add(statements, batch, start, n);
        return statements;
    }

    /** Reads at most one letter more than the longest statement keyword. */
    private static boolean startsStatement(CharSequence batch, int from) {
        int end = from;
        while (end < batch.length() && end - from <= LONGEST_START && Character.isLetter(batch.charAt(end))) {
            end++;
        }
        return end - from <= LONGEST_START
                && STATEMENT_STARTS.contains(batch.subSequence(from, end).toString().toUpperCase(Locale.ROOT));
    }

    private static void add(List<String> statements, CharSequence batch, int start, int end) {
        String statement = batch.subSequence(start, end).toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
    }
}
