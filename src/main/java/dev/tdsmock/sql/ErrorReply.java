package dev.tdsmock.sql;

/** An ERROR token the server sends in place of a result: number, state, class (severity) and text. */
public record ErrorReply(int number, int state, int severity, String message) {
}
