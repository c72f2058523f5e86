package dev.tdsmock.sql;

/** Thrown while answering a statement when SQL Server would answer it with an error: the reply to send. */
final class SqlError extends RuntimeException {
    private final ErrorReply reply;

    SqlError(ErrorReply reply) {
        super(reply.number() + ": " + reply.message(), null, false, false);
        this.reply = reply;
    }

    ErrorReply reply() {
        return reply;
    }
}
