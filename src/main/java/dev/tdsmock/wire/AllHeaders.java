package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;

/** ALL_HEADERS in front of SQLBatch and RPC requests from TDS 7.2 on (MS-TDS 2.2.5.3): skipped, after checking. */
public final class AllHeaders {
    private AllHeaders() {
    }

    public static void skip(ByteBuf payload, long tdsVersion) {
        if (!TdsVersion.atLeast72(tdsVersion)) {
            return;
        }
        if (payload.readableBytes() < 4) {
            throw new MalformedTdsException("request too short for its ALL_HEADERS length");
        }
        long total = payload.getUnsignedIntLE(payload.readerIndex());
        if (total < 4 || total > payload.readableBytes()) {
            throw new MalformedTdsException("ALL_HEADERS length " + total + " does not fit the request ("
                    + payload.readableBytes() + " bytes)");
        }
        payload.skipBytes((int) total);
    }
}
