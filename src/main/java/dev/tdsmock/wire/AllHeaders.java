package dev.tdsmock.wire;

import dev.tdsmock.wire.types.CheckedReader;
import io.netty.buffer.ByteBuf;

/** ALL_HEADERS in front of SQLBatch and RPC requests from TDS 7.2 on (MS-TDS 2.2.5.3): skipped, after checking. */
public final class AllHeaders {
    /** HeaderLength DWORD and HeaderType USHORT: the least a header can be. */
    private static final int SMALLEST_HEADER = 6;

    private AllHeaders() {
    }

    /**
     * Moves {@code payload}'s reader index past ALL_HEADERS (nothing before TDS 7.2): TotalLength (DWORD, itself
     * included), then headers of HeaderLength (DWORD, itself included), HeaderType and data, which together must
     * fill TotalLength exactly.
     *
     * @throws MalformedTdsException when a length is too small or runs past the request or past TotalLength
     */
    public static void skip(ByteBuf payload, long tdsVersion) {
        if (!TdsVersion.atLeast72(tdsVersion)) {
            return;
        }
        CheckedReader in = new CheckedReader(payload);
        long total = in.u32("ALL_HEADERS TotalLength");
        if (total < 4 || total - 4 > in.readable()) {
            throw new MalformedTdsException("ALL_HEADERS length " + total + " does not fit the request ("
                    + (in.readable() + 4) + " bytes)");
        }
        long remaining = total - 4;
        while (remaining > 0) {
            long header = in.u32("ALL_HEADERS HeaderLength");
            if (header < SMALLEST_HEADER || header > remaining) {
                throw new MalformedTdsException("ALL_HEADERS header of length " + header + " at byte "
                        + (total - remaining) + " does not fit ALL_HEADERS (" + total + " bytes)");
            }
            in.skip((int) header - 4, "ALL_HEADERS header");
            remaining -= header;
        }
    }
}
