package dev.tdsmock.sql;

/** Thrown while answering a statement when SQL Server would answer it with an error: the reply to send. */
public final class SqlError extends RuntimeException {
    private final ErrorReply reply;

    public SqlError(ErrorReply reply) {
        super(reply.number() + ": " + reply.message(), null, false, false);
        this.reply = reply;
    }

    public ErrorReply reply() {
        return reply;
    }
}
