package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/** Partially length-prefixed values of (max) types: total length, chunks, zero-length terminator (MS-TDS 2.2.5.2.3). */
final class PlpCodec {
    static final long PLP_NULL = 0xFFFFFFFFFFFFFFFFL;
    static final long UNKNOWN_PLP_LENGTH = 0xFFFFFFFFFFFFFFFEL;
    private static final int CHUNK_LENGTH = 8000;

    private PlpCodec() {
    }

    static void write(ByteBuf out, byte[] data) {
        out.writeLongLE(data.length);
        for (int offset = 0; offset < data.length; offset += CHUNK_LENGTH) {
            int length = Math.min(CHUNK_LENGTH, data.length - offset);
            out.writeIntLE(length);
            out.writeBytes(data, offset, length);
        }
        out.writeIntLE(0);
    }

    static void writeNull(ByteBuf out) {
        out.writeLongLE(PLP_NULL);
    }

    /** Reads a PLP value; null for PLP_NULL. Never allocates more than the bytes that are actually present. */
    static byte[] read(CheckedReader in, String what) {
        long total = in.i64(what + " PLP length");
        if (total == PLP_NULL) {
            return null;
        }
        boolean lengthKnown = total != UNKNOWN_PLP_LENGTH;
        if (lengthKnown && (total < 0 || total > in.readable())) {
            throw new MalformedTdsException("the " + what + " PLP length " + Long.toUnsignedString(total)
                    + " exceeds the " + in.readable() + " bytes that remain");
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream(lengthKnown ? (int) total : 256);
        while (true) {
            long chunk = in.u32(what + " PLP chunk length");
            if (chunk == 0) {
                break;
            }
            if (chunk > in.readable()) {
                throw new MalformedTdsException("the " + what + " PLP chunk of " + chunk + " bytes exceeds the "
                        + in.readable() + " bytes that remain");
            }
            if (lengthKnown && data.size() + chunk > total) {
                throw new MalformedTdsException("the " + what + " PLP chunks hold more than the " + total
                        + " bytes its length announced");
            }
            data.writeBytes(in.bytes((int) chunk, what + " PLP chunk"));
        }
        if (lengthKnown && data.size() != total) {
            throw new MalformedTdsException("the " + what + " PLP chunks hold " + data.size()
                    + " bytes but its length announced " + total);
        }
        return data.toByteArray();
    }
}
