package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** The text of a SQLBatch message (MS-TDS 2.2.6.7). */
public final class SqlBatch {
    private SqlBatch() {
    }

    public static String text(ByteBuf payload, long tdsVersion) {
        AllHeaders.skip(payload, tdsVersion);
        if (payload.readableBytes() % 2 != 0) {
            throw new MalformedTdsException("SQLBatch text has an odd number of bytes (" + payload.readableBytes()
                    + "), not UCS-2");
        }
        return payload.readCharSequence(payload.readableBytes(), StandardCharsets.UTF_16LE).toString();
    }
}
