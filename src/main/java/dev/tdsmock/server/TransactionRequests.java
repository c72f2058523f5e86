package dev.tdsmock.server;

import dev.tdsmock.wire.AllHeaders;
import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.TokenStream;
import io.netty.buffer.ByteBuf;

/**
 * Transaction manager requests (MS-TDS 2.2.6.9), as SqlClient and pytds send for BEGIN, COMMIT and
 * ROLLBACK: answered with the ENVCHANGE that starts or ends a transaction, so the client's view of
 * its transaction stays consistent. Nothing is stored, so there is nothing to commit.
 */
final class TransactionRequests {
    private static final int TM_GET_DTC_ADDRESS = 0;
    private static final int TM_BEGIN_XACT = 5;
    private static final int TM_COMMIT_XACT = 7;
    private static final int TM_ROLLBACK_XACT = 8;
    private static final int TM_SAVE_XACT = 9;
    private static final int ENV_BEGIN_TRANSACTION = 8;
    private static final int ENV_COMMIT_TRANSACTION = 9;
    private static final int ENV_ROLLBACK_TRANSACTION = 10;

    private long nextDescriptor = 1;
    private byte[] current = new byte[0];

    void answer(Connection connection, ByteBuf payload, TokenStream tokens) {
        AllHeaders.skip(payload, connection.tdsVersion());
        if (payload.readableBytes() < 2) {
            throw new MalformedTdsException("transaction manager request has no request type");
        }
        int type = payload.readUnsignedShortLE();
        switch (type) {
            case TM_BEGIN_XACT -> {
                byte[] started = descriptor(nextDescriptor++);
                tokens.envChangeBytes(ENV_BEGIN_TRANSACTION, started, new byte[0]);
                current = started;
                Logs.CONNECTION.debug("{} transaction manager: BEGIN", connection.tag());
            }
            case TM_COMMIT_XACT, TM_ROLLBACK_XACT -> {
                boolean commit = type == TM_COMMIT_XACT;
                tokens.envChangeBytes(commit ? ENV_COMMIT_TRANSACTION : ENV_ROLLBACK_TRANSACTION, new byte[0], current);
                current = new byte[0];
                Logs.CONNECTION.debug("{} transaction manager: {}", connection.tag(), commit ? "COMMIT" : "ROLLBACK");
            }
            case TM_SAVE_XACT, TM_GET_DTC_ADDRESS -> Logs.CONNECTION.debug(
                    "{} transaction manager request {}: acknowledged", connection.tag(), type);
            default -> Logs.CONNECTION.warn("{} transaction manager request {} (distributed transactions) is not "
                    + "supported: answered with an empty DONE", connection.tag(), type);
        }
        tokens.done(TokenStream.DONE_FINAL, 0, 0);
    }

    private static byte[] descriptor(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }
}
