package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;

/**
 * Reads a client message from its buffer's reader index on, little-endian as TDS's request streams are (MS-TDS
 * 2.2.5.1), each read checked first: one that would run past the readable bytes, or a negative length, is a
 * {@link MalformedTdsException} saying what was being read, how many bytes it needs and how many remain.
 */
public final class CheckedReader {
    private final ByteBuf in;

    public CheckedReader(ByteBuf in) {
        this.in = in;
    }

    public int readable() {
        return in.readableBytes();
    }

    public int u8(String what) {
        require(1, what);
        return in.readUnsignedByte();
    }

    public int u16(String what) {
        require(2, what);
        return in.readUnsignedShortLE();
    }

    public int i32(String what) {
        require(4, what);
        return in.readIntLE();
    }

    public long u32(String what) {
        require(4, what);
        return in.readUnsignedIntLE();
    }

    public long i64(String what) {
        require(8, what);
        return in.readLongLE();
    }

    /** The next {@code length} bytes as a view that shares the buffer's memory. */
    public ByteBuf slice(int length, String what) {
        require(length, what);
        return in.readSlice(length);
    }

    public byte[] bytes(int length, String what) {
        require(length, what);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    public String text(int byteLength, Charset charset, String what) {
        require(byteLength, what);
        return in.readCharSequence(byteLength, charset).toString();
    }

    public void skip(int length, String what) {
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
