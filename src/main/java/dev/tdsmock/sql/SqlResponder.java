package dev.tdsmock.sql;

import dev.tdsmock.wire.types.RpcParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Answers one statement: scripted answers first, then the built-in ones, else {@link Answer.Unknown}. */
public final class SqlResponder {
    private static final Pattern NO_RESULT = Pattern.compile(
            "(?is)^(set|use|begin\\s+tran(saction)?|commit|rollback|if\\s+@@trancount|print|declare)\\b.*");
    private final List<ScriptedAnswer> scripted;

    public SqlResponder(List<ScriptedAnswer> scripted) {
        this.scripted = scripted;
    }

    /** @param parameters by lower-case name, '@' included; empty for a plain batch */
    public Answer answer(String statement, Map<String, RpcParameter> parameters, Session session) {
        String text = normalise(statement);
        for (ScriptedAnswer answer : scripted) {
            if (answer.matches(text)) {
                return answer.error() != null
                        ? new Answer.Failure(answer.error())
                        : new Answer.Rows(answer.columns(), answer.rows());
            }
        }
        Optional<Answer> selected = new SelectListEvaluator(new BuiltInValues(session), parameters).evaluate(text);
        if (selected.isPresent()) {
            return selected.get();
        }
        if (NO_RESULT.matcher(text).matches()) {
            return new Answer.Done();
        }
        return new Answer.Unknown();
    }

    /** Surrounding blanks and one final semicolon do not change a statement's meaning. */
    static String normalise(String statement) {
        String text = statement.strip();
        if (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** Text for a log line: one line, bounded. */
    public static String forLog(String statement) {
        String line = dev.tdsmock.journal.PasswordMask.mask(statement).strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
