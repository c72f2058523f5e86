package dev.tdsmock.sql;

import dev.tdsmock.wire.types.Column;
import java.util.List;

/** What the server answers to one statement. */
public sealed interface Answer {
    /** A result set. */
    record Rows(List<Column> columns, List<List<Object>> rows) implements Answer {
    }

    /** An ERROR token. */
    record Failure(ErrorReply error) implements Answer {
    }

    /** Done with no result set, as for SET or USE. */
    record Done() implements Answer {
    }

    /** Nothing the server knows how to answer: an empty DONE, and a log line. */
    record Unknown() implements Answer {
    }
}
