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

    private static final String LITERAL = "N?'(?:[^']|'')*(?:'|$)|0[xX][0-9A-Fa-f]*";
    private static final Pattern AFTER_KEYWORD = Pattern.compile(
            "(?i)(?<![A-Za-z0-9_@#$])((?:OLD_)?PASSWORD|SECRET)(\\s*=\\s*)(" + LITERAL + ")");
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
        Matcher keyword = AFTER_KEYWORD.matcher(sql);
        StringBuilder masked = new StringBuilder(sql.length());
        while (keyword.find()) {
            keyword.appendReplacement(masked, Matcher.quoteReplacement(keyword.group(1) + keyword.group(2) + MASK));
        }
        keyword.appendTail(masked);
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
