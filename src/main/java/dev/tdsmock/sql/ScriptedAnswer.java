package dev.tdsmock.sql;

import dev.tdsmock.wire.types.Column;
import java.util.List;
import java.util.regex.Pattern;

/** An answer written in a scenario file: rows for the statements the pattern matches, or an error. */
public record ScriptedAnswer(Pattern match, List<Column> columns, List<List<Object>> rows, ErrorReply error) {
    public boolean matches(String statement) {
        return match.matcher(statement).matches();
    }
}
