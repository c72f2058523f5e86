package dev.tdsmock.sql;

import dev.tdsmock.wire.types.Column;
import java.util.List;
import java.util.regex.Pattern;

/** An answer written in a scenario file: rows for the statements the pattern matches, or an error. */
public record ScriptedAnswer(Pattern match, List<Column> columns, List<List<Object>> rows, ErrorReply error) {
    /** What one match attempt came to. */
    public enum Match {
        MATCHES,
        DIFFERS,
        /**
         * The pattern read more than {@link BoundedText#forMatching}'s budget of characters (it backtracks without
         * bound on this text) or recursed deeper than the stack allows: counted as no match.
         */
        GAVE_UP
    }

    /** Whether the pattern matches the whole statement; see {@link #attempt}. */
    public boolean matches(String statement) {
        return attempt(statement) == Match.MATCHES;
    }

    /** Matches the whole statement, reading at most a budget of characters linear in its length. */
    public Match attempt(CharSequence statement) {
        try {
            return match.matcher(BoundedText.forMatching(statement)).matches() ? Match.MATCHES : Match.DIFFERS;
        } catch (BoundedText.Exhausted | StackOverflowError e) {
            return Match.GAVE_UP;
        }
    }
}
