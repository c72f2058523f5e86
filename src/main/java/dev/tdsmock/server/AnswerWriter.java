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

    AnswerWriter(TokenStream tokens, String serverName) {
        this.tokens = tokens;
        this.serverName = serverName;
    }

    /** @param more another statement's tokens follow; @param inProc the statement ran inside an RPC */
    void write(Answer answer, boolean more, boolean inProc) {
        int moreBit = more ? TokenStream.DONE_MORE : 0;
        if (answer instanceof Answer.Rows rows) {
            ResultSetEncoder.writeColMetadata(tokens.buffer(), rows.columns(), tokens.tds72OrLater());
            for (List<Object> row : rows.rows()) {
                ResultSetEncoder.writeRow(tokens.buffer(), rows.columns(), row);
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
