package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;

/**
 * Reads at offsets within one message from a client, each read checked against the message's size before it
 * is made: an offset or length that a client got wrong is a {@link MalformedTdsException} saying which field of
 * which message, where, and how long the message is, never an IndexOutOfBoundsException. Offsets are relative
 * to the start of the message's payload, as PRELOGIN (MS-TDS 2.2.6.5) and LOGIN7 (2.2.6.4) count them. Does
 * not move the buffer's indexes.
 */
public final class MessageBytes {
    private final String message;
    private final ByteBuf buffer;
    private final int base;
    private final int size;

    /** @param message the message's name for errors, e.g. "LOGIN7"; its bytes are {@code buffer}'s readable ones */
    public MessageBytes(String message, ByteBuf buffer) {
        this.message = message;
        this.buffer = buffer;
        this.base = buffer.readerIndex();
        this.size = buffer.readableBytes();
    }

    /** The message's length in bytes. */
    public int size() {
        return size;
    }

    /** Throws unless bytes {@code offset} to {@code offset + length} lie within the message. */
    public void require(String field, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new MalformedTdsException(message + " field " + field + " at offset " + offset + " with " + length
                    + " bytes runs past the end of the message (" + size + " bytes)");
        }
    }

    public int u8(String field, long offset) {
        require(field, offset, 1);
        return buffer.getUnsignedByte(base + (int) offset);
    }

    /** Big-endian, as PRELOGIN's option table. */
    public int u16(String field, long offset) {
        require(field, offset, 2);
        return buffer.getUnsignedShort(base + (int) offset);
    }

    public int u16le(String field, long offset) {
        require(field, offset, 2);
        return buffer.getUnsignedShortLE(base + (int) offset);
    }

    /** Big-endian. */
    public long u32(String field, long offset) {
        require(field, offset, 4);
        return buffer.getUnsignedInt(base + (int) offset);
    }

    public long u32le(String field, long offset) {
        require(field, offset, 4);
        return buffer.getUnsignedIntLE(base + (int) offset);
    }

    public int i32le(String field, long offset) {
        require(field, offset, 4);
        return buffer.getIntLE(base + (int) offset);
    }

    public byte[] bytes(String field, long offset, long length) {
        require(field, offset, length);
        byte[] copy = new byte[(int) length];
        buffer.getBytes(base + (int) offset, copy);
        return copy;
    }

    public String text(String field, long offset, long length, Charset charset) {
        require(field, offset, length);
        return buffer.toString(base + (int) offset, (int) length, charset);
    }
}
