package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Test helpers for writing expected bytes as hex and reading what a buffer holds. */
final class WireBytes {
    private WireBytes() {
    }

    /** "26 04" -> {0x26, 0x04}; spaces are ignored. */
    static byte[] hex(String text) {
        return ByteBufUtil.decodeHexDump(text.replace(" ", ""));
    }

    static String hexOf(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes).toUpperCase().replaceAll("(..)(?!$)", "$1 ");
    }

    static byte[] readableBytes(ByteBuf buffer) {
        return ByteBufUtil.getBytes(buffer);
    }

    static ByteBuf buffer(byte[]... parts) {
        ByteBuf buffer = Unpooled.buffer();
        for (byte[] part : parts) {
            buffer.writeBytes(part);
        }
        return buffer;
    }

    /** ParamName as B_VARCHAR. */
    static byte[] bVarchar(String text) {
        byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[1 + utf16.length];
        bytes[0] = (byte) text.length();
        System.arraycopy(utf16, 0, bytes, 1, utf16.length);
        return bytes;
    }
}
