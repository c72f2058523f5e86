package dev.tdsmock.sql;

import dev.tdsmock.wire.types.RpcParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one statement: scripted answers first, then the built-in ones, else {@link Answer.Unknown}. The work is
 * linear in the statement's length: the built-in answers read its tokens ({@link SqlLexer}) and scripted patterns
 * are matched within a budget of character reads ({@link BoundedText}).
 */
public final class SqlResponder {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tdsmock.connection");
    private static final Set<String> NO_RESULT_STARTS = Set.of("SET", "USE", "COMMIT", "ROLLBACK", "PRINT", "DECLARE");
    private static final int LOG_LENGTH = 200;
    private final List<ScriptedAnswer> scripted;

    public SqlResponder(List<ScriptedAnswer> scripted) {
        this.scripted = scripted;
    }

    /**
     * @param parameters by lower-case name, '@' included; empty for a plain batch
     * @return rows, a failure that SQL Server would also answer (see {@link ErrorReplies}), Done or Unknown
     */
    public Answer answer(String statement, Map<String, RpcParameter> parameters, Session session) {
        String text = normalise(statement);
        for (ScriptedAnswer answer : scripted) {
            ScriptedAnswer.Match match = answer.attempt(text);
            if (match == ScriptedAnswer.Match.GAVE_UP) {
                LOG.warn("sql.answers pattern '{}' gave up on a statement of {} characters (it backtracks too much):"
                        + " taken as no match", answer.match().pattern(), text.length());
            } else if (match == ScriptedAnswer.Match.MATCHES) {
                return answer.error() != null
                        ? new Answer.Failure(answer.error())
                        : new Answer.Rows(answer.columns(), answer.rows());
            }
        }
        Optional<Answer> selected = new SelectListEvaluator(new BuiltInValues(session), parameters).evaluate(text);
        if (selected.isPresent()) {
            return selected.get();
        }
        if (needsNoResult(text)) {
            return new Answer.Done();
        }
        return new Answer.Unknown();
    }

    /** SET, USE, BEGIN TRAN[SACTION], COMMIT, ROLLBACK, IF @@TRANCOUNT, PRINT, DECLARE. */
    private static boolean needsNoResult(String text) {
        List<SqlLexer.Token> first = SqlLexer.firstTokens(text, 2);
        if (first.isEmpty() || first.get(0).kind() != SqlLexer.Kind.WORD) {
            return false;
        }
        SqlLexer.Token word = first.get(0);
        if (word.end() - word.start() <= "ROLLBACK".length()
                && NO_RESULT_STARTS.contains(word.text(text).toUpperCase(java.util.Locale.ROOT))) {
            return true;
        }
        if (first.size() < 2) {
            return false;
        }
        SqlLexer.Token next = first.get(1);
        return (word.isWord(text, "BEGIN") && (next.isWord(text, "TRAN") || next.isWord(text, "TRANSACTION")))
                || (word.isWord(text, "IF") && next.isWord(text, "@@TRANCOUNT"));
    }

    /** Surrounding blanks and one final semicolon do not change a statement's meaning. */
    static String normalise(String statement) {
        String text = statement.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** Text for a log line: one line, blanks collapsed, at most 200 characters; reads no more of it than that needs. */
    public static String forLog(String statement) {
        // masked before it is shortened; only the head of a long statement is read, so that logging stays linear
        String head = statement.length() > LOG_LENGTH * 8 ? statement.substring(0, LOG_LENGTH * 8) : statement;
        String masked = dev.tdsmock.journal.PasswordMask.mask(head);
        StringBuilder line = new StringBuilder();
        int i = SqlLexer.skipBlanks(masked, 0);
        while (i < masked.length() && line.length() < LOG_LENGTH) {
            char c = masked.charAt(i);
            if (Character.isWhitespace(c)) {
                i = SqlLexer.skipBlanks(masked, i);
                if (i < masked.length()) {
                    line.append(' ');
                }
            } else {
                line.append(c);
                i++;
            }
        }
        boolean cut = SqlLexer.skipBlanks(masked, i) < masked.length() || head.length() < statement.length();
        return dev.tdsmock.wire.LogText.printable(cut ? line + "..." : line.toString());
    }
}
