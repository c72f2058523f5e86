package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;

/** Little-endian reads that fail with {@link MalformedTdsException} instead of running past the readable bytes. */
final class CheckedReader {
    private final ByteBuf in;

    CheckedReader(ByteBuf in) {
        this.in = in;
    }

    int readable() {
        return in.readableBytes();
    }

    int u8(String what) {
        require(1, what);
        return in.readUnsignedByte();
    }

    int u16(String what) {
        require(2, what);
        return in.readUnsignedShortLE();
    }

    int i32(String what) {
        require(4, what);
        return in.readIntLE();
    }

    long u32(String what) {
        require(4, what);
        return in.readUnsignedIntLE();
    }

    long i64(String what) {
        require(8, what);
        return in.readLongLE();
    }

    /** The next {@code length} bytes as a view that shares the buffer's memory. */
    ByteBuf slice(int length, String what) {
        require(length, what);
        return in.readSlice(length);
    }

    byte[] bytes(int length, String what) {
        require(length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    String text(int byteLength, Charset charset, String what) {
        require(byteLength, what);
        return in.readCharSequence(byteLength, charset).toString();
    }

    void skip(int length, String what) {
        require(length, what);
        in.skipBytes(length);
    }

    private void require(int length, String what) {
        if (length < 0 || length > in.readableBytes()) {
            throw new MalformedTdsException("the " + what + " needs " + length + " bytes but only "
                    + in.readableBytes() + " remain");
        }
    }
}
