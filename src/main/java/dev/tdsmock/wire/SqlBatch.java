package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** The text of a SQLBatch message (MS-TDS 2.2.6.7). */
public final class SqlBatch {
    private SqlBatch() {
    }

    /**
     * The batch's text: after ALL_HEADERS (from TDS 7.2), the rest of the message in UCS-2 (UTF-16LE).
     *
     * @throws MalformedTdsException for bad ALL_HEADERS or an odd number of text bytes
     */
    public static String text(ByteBuf payload, long tdsVersion) {
        AllHeaders.skip(payload, tdsVersion);
        if (payload.readableBytes() % 2 != 0) {
            throw new MalformedTdsException("SQLBatch text has an odd number of bytes (" + payload.readableBytes()
                    + "), not UCS-2");
        }
        return payload.readCharSequence(payload.readableBytes(), StandardCharsets.UTF_16LE).toString();
    }
}
