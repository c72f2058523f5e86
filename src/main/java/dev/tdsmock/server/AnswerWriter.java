package dev.tdsmock.server;

import dev.tdsmock.sql.Answer;
import dev.tdsmock.wire.TokenStream;
import dev.tdsmock.wire.types.ResultSetEncoder;
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

    /**
     * Where in the answer a fault cuts it: right after the row it names, or after the last row of an answer with
     * fewer, or at its start when it has none.
     */
    int cutAt() {
        return cutAt >= 0 ? cutAt : lastRowEnd;
    }

    /** @param more another statement's tokens follow; @param inProc the statement ran inside an RPC */
    void write(Answer answer, boolean more, boolean inProc) {
        int moreBit = more ? TokenStream.DONE_MORE : 0;
        if (answer instanceof Answer.Rows rows) {
            ResultSetEncoder.writeColMetadata(tokens.buffer(), rows.columns(), tokens.tds72OrLater());
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
