package dev.tdsmock.sql;

/**
 * An ERROR token (MS-TDS 2.2.7.10) the server sends in place of a result: number, state, class (severity) and text.
 * The known ones SQL Server itself raises are made by {@link ErrorReplies}.
 */
public record ErrorReply(int number, int state, int severity, String message) {
}
