package dev.tdsmock.server;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.sql.Answer;
import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.wire.TokenStream;
import dev.tdsmock.wire.types.ResultSetEncoder;
import java.util.ArrayList;
import java.util.List;

/** Turns answers into tokens: DONE after each statement of a batch, DONEINPROC inside a procedure call. */
final class AnswerWriter {
    private static final int CMD_SELECT = 0xC1;
    private final TokenStream tokens;
    private final String serverName;
    private final int cutAfterRows;
    private int rowsWritten;
    private int cutAt = -1;
    private int lastRowEnd;
    private final List<WrittenError> errors = new ArrayList<>();
    private Integer statement;

    /** An ERROR token in the answer: where it starts, the statement it answers (or null), the error. */
    private record WrittenError(int at, Integer statement, ErrorReply error) {
    }

    AnswerWriter(TokenStream tokens, String serverName) {
        this(tokens, serverName, -1);
    }

    /** @param cutAfterRows where a fault cuts the answer: after this many rows; -1 for never */
    AnswerWriter(TokenStream tokens, String serverName, int cutAfterRows) {
        this.tokens = tokens;
        this.serverName = serverName;
        this.cutAfterRows = cutAfterRows;
    }

    TokenStream tokens() {
        return tokens;
    }

    /** The statement the following writes answer, by its index in the journal's statements; null for none. */
    void answering(Integer statement) {
        this.statement = statement;
    }

    /**
     * Journals the ERROR tokens of the answer that are sent: those that start before {@code sentBytes} (an answer
     * a fault cuts loses what follows the cut).
     */
    void journalErrors(ConnectionRecord record, int sentBytes) {
        for (WrittenError written : errors) {
            if (written.at() < sentBytes) {
                ErrorReply e = written.error();
                record.errorAnswered("request", written.statement(), e.number(), e.severity(), e.state(), e.message());
            }
        }
    }

    /**
     * Where in the answer a fault cuts it: right after the row it names, or after the last row of an answer with
     * fewer, or at its start when it has none.
     */
    int cutAt() {
        return cutAt >= 0 ? cutAt : lastRowEnd;
    }

    /**
     * Writes one statement's answer, or nothing: when the answer cannot be encoded (a value that does not fit its
     * column) the buffer and the cut bookkeeping are left as they were and the exception is thrown, so that the caller
     * can answer with an error in its place.
     *
     * @param more another statement's tokens follow; @param inProc the statement ran inside an RPC
     */
    void write(Answer answer, boolean more, boolean inProc) {
        int start = tokens.buffer().writerIndex();
        int rowsBefore = rowsWritten;
        int cutBefore = cutAt;
        int lastRowEndBefore = lastRowEnd;
        try {
            encode(answer, more, inProc);
        } catch (RuntimeException e) {
            tokens.buffer().writerIndex(start);
            rowsWritten = rowsBefore;
            cutAt = cutBefore;
            lastRowEnd = lastRowEndBefore;
            errors.removeIf(written -> written.at() >= start);
            throw e;
        }
    }

    /** Where the answer so far ends: give it to {@link #failFrom} to take back what follows. */
    int mark() {
        return tokens.buffer().writerIndex();
    }

    /**
     * Takes back everything written after {@code mark} and answers with {@code error} instead: an ERROR token
     * (MS-TDS 2.2.7.10), then DONEPROC for a procedure call or DONE for a batch, with DONE_ERROR, and DONE_MORE when
     * {@code more} answers follow.
     */
    void failFrom(int mark, ErrorReply error, boolean procedureCall, boolean more) {
        tokens.buffer().writerIndex(mark);
        cutAt = cutAt >= mark ? -1 : cutAt;
        lastRowEnd = Math.min(lastRowEnd, mark);
        errors.removeIf(written -> written.at() >= mark);
        errors.add(new WrittenError(mark, null, error));
        tokens.error(error.number(), error.state(), error.severity(), error.message(), serverName);
        int status = TokenStream.DONE_ERROR | (more ? TokenStream.DONE_MORE : TokenStream.DONE_FINAL);
        if (procedureCall) {
            tokens.doneProc(status, 0, 0);
        } else {
            tokens.done(status, 0, 0);
        }
    }

    private void encode(Answer answer, boolean more, boolean inProc) {
        int moreBit = more ? TokenStream.DONE_MORE : 0;
        if (answer instanceof Answer.Rows rows) {
            ResultSetEncoder.writeColMetadata(tokens.buffer(), rows.columns(), tokens.tdsVersion());
            for (List<Object> row : rows.rows()) {
                if (rowsWritten == cutAfterRows && cutAt < 0) {
                    cutAt = tokens.buffer().writerIndex();
                }
                ResultSetEncoder.writeRow(tokens.buffer(), rows.columns(), row);
                rowsWritten++;
                lastRowEnd = tokens.buffer().writerIndex();
            }
            if (rowsWritten == cutAfterRows && cutAt < 0) {
                cutAt = tokens.buffer().writerIndex();
            }
            done(inProc, moreBit | TokenStream.DONE_COUNT, CMD_SELECT, rows.rows().size());
        } else if (answer instanceof Answer.Failure failure) {
            errors.add(new WrittenError(tokens.buffer().writerIndex(), statement, failure.error()));
            tokens.error(failure.error().number(), failure.error().state(), failure.error().severity(),
                    failure.error().message(), serverName);
            done(inProc, moreBit | TokenStream.DONE_ERROR, 0, 0);
        } else {
            done(inProc, moreBit, 0, 0);
        }
    }

    private void done(boolean inProc, int status, int command, long rows) {
        if (inProc) {
            tokens.doneInProc(status, command, rows);
        } else {
            tokens.done(status, command, rows);
        }
    }
}
