package dev.tdsmock.journal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the passwords and secrets in SQL text before it is logged or journalled, as the LOGIN7 password is
 * never kept: the literal after {@code PASSWORD =} and {@code OLD_PASSWORD =} (CREATE/ALTER LOGIN, CREATE/ALTER
 * USER, CREATE/ALTER APPLICATION ROLE, CREATE/OPEN MASTER KEY ... BY PASSWORD, certificates, backups), after
 * {@code SECRET =} (credentials), and every string literal passed to the procedures that take a password
 * ({@code sp_addlogin}, {@code sp_password}, {@code sp_addapprole}, {@code sp_approlepassword},
 * {@code sp_setapprole}, {@code sp_addlinkedsrvlogin}). A literal is {@code '...'} or {@code N'...'} with
 * doubled quotes inside, or a {@code 0x...} binary (a hashed password); a literal cut off by the end of the
 * text is masked to its end.
 */
public final class PasswordMask {
    /** What a masked literal becomes, in place of the quoted text or the binary. */
    public static final String MASK = "'******'";

    private static final Pattern KEYWORD = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_@#$])(?:(?:OLD_)?PASSWORD|SECRET)(?![A-Za-z0-9_@#$])");
    /** What a literal written inside another string (its quotes doubled) becomes. */
    private static final String ESCAPED_MASK = "''******''";
    private static final Pattern PROCEDURE = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_@#$])(?:\\[?(?:master|\\w+)\\]?\\.)?(?:\\[?(?:dbo|sys)\\]?\\.)?\\[?"
                    + "(sp_addlogin|sp_password|sp_addapprole|sp_approlepassword|sp_setapprole|sp_addlinkedsrvlogin)"
                    + "\\]?(?![A-Za-z0-9_@#$])");

    private PasswordMask() {
    }

    /** The text with every password literal replaced by {@link #MASK}; the text itself when there is none. */
    public static String mask(String sql) {
        if (sql == null || !mayHoldSecret(sql)) {
            return sql;
        }
        StringBuilder masked = new StringBuilder(sql.length());
        Matcher keyword = KEYWORD.matcher(sql);
        int copied = 0;
        while (copied < sql.length() && keyword.find(copied)) {
            int value = valueAfter(sql, keyword.end());
            if (value < 0) {
                masked.append(sql, copied, keyword.end());
                copied = keyword.end();
                continue;
            }
            masked.append(sql, copied, value);
            if (escapedLiteral(sql, value)) {
                copied = endOfEscapedLiteral(sql, value);
                masked.append(ESCAPED_MASK);
            } else {
                copied = endOfValue(sql, value);
                masked.append(MASK);
            }
        }
        masked.append(sql, copied, sql.length());
        return maskProcedureArguments(masked.toString());
    }

    private static boolean mayHoldSecret(String sql) {
        return contains(sql, "password") || contains(sql, "secret") || contains(sql, "sp_");
    }

    /** Whether the text holds the word in any case, without copying the text (a statement may be megabytes). */
    private static boolean contains(String text, String word) {
        for (int i = 0; i + word.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    /** Every string literal after one of the procedures' names, up to the end of the line or a ';'. */
    private static String maskProcedureArguments(String sql) {
        Matcher procedure = PROCEDURE.matcher(sql);
        StringBuilder masked = new StringBuilder(sql.length());
        int copied = 0;
        while (procedure.find(copied)) {
            masked.append(sql, copied, procedure.end());
            int i = procedure.end();
            while (i < sql.length() && sql.charAt(i) != ';' && sql.charAt(i) != '\n') {
                boolean national = (sql.charAt(i) == 'N' || sql.charAt(i) == 'n') && i + 1 < sql.length()
                        && sql.charAt(i + 1) == '\'';
                if (sql.charAt(i) == '\'' || national) {
                    i = endOfLiteral(sql, national ? i + 1 : i);
                    masked.append(MASK);
                } else {
                    masked.append(sql.charAt(i));
                    i++;
                }
            }
            copied = i;
            if (copied >= sql.length()) {
                break;
            }
        }
        masked.append(sql, Math.min(copied, sql.length()), sql.length());
        return masked.toString();
    }

    /**
     * Where the value after a PASSWORD or SECRET keyword starts: past blanks and comments, an '=', blanks and
     * comments again, at a literal ({@code '}, {@code N'} or {@code 0x}); -1 when no literal follows.
     */
    private static int valueAfter(String sql, int from) {
        int i = skipBlanksAndComments(sql, from);
        if (i >= sql.length() || sql.charAt(i) != '=') {
            return -1;
        }
        i = skipBlanksAndComments(sql, i + 1);
        if (i >= sql.length()) {
            return -1;
        }
        char c = sql.charAt(i);
        boolean national = (c == 'N' || c == 'n') && i + 1 < sql.length() && sql.charAt(i + 1) == '\'';
        boolean hex = c == '0' && i + 1 < sql.length() && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X');
        return c == '\'' || national || hex ? i : -1;
    }

    private static int skipBlanksAndComments(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int line = sql.indexOf('\n', i);
                i = line < 0 ? sql.length() : line + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else {
                return i;
            }
        }
        return i;
    }

    /**
     * A literal written inside another string, its quotes doubled, as in an EXEC or sp_executesql text: told
     * from an empty literal (two quotes) by what follows the two quotes.
     */
    private static boolean escapedLiteral(String sql, int at) {
        int i = sql.charAt(at) == 'N' || sql.charAt(at) == 'n' ? at + 1 : at;
        if (!sql.startsWith("''", i) || i + 2 >= sql.length()) {
            return false;
        }
        char next = sql.charAt(i + 2);
        return !(Character.isWhitespace(next) || next == ',' || next == ';' || next == ')');
    }

    /** The index after an escaped literal: its closing two quotes, where four quotes inside are one quote. */
    private static int endOfEscapedLiteral(String sql, int at) {
        int i = (sql.charAt(at) == '\'' ? at : at + 1) + 2;
        while (i < sql.length()) {
            if (sql.startsWith("''''", i)) {
                i += 4;
            } else if (sql.startsWith("''", i)) {
                return i + 2;
            } else {
                i++;
            }
        }
        return i;
    }

    /** The index after a quoted, N-quoted or 0x value starting at {@code at}. */
    private static int endOfValue(String sql, int at) {
        char c = sql.charAt(at);
        if (c == '0') {
            int i = at + 2;
            while (i < sql.length() && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        return endOfLiteral(sql, c == '\'' ? at : at + 1);
    }

    /** The index after the literal whose opening quote is at {@code quote}, doubled quotes kept inside. */
    private static int endOfLiteral(String sql, int quote) {
        int i = quote + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }
}
