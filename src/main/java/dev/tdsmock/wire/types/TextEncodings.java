package dev.tdsmock.wire.types;

import java.nio.charset.StandardCharsets;

/** Character data on the wire: UTF-16LE for n-types, code page 1252 ({@link CodePage1252}) for the others. */
final class TextEncodings {
    private TextEncodings() {
    }

    static byte[] encode(SqlKind kind, String text) {
        return kind.isUnicode() ? text.getBytes(StandardCharsets.UTF_16LE) : CodePage1252.encode(text);
    }

    static String decode(SqlKind kind, byte[] bytes) {
        return kind.isUnicode() ? new String(bytes, StandardCharsets.UTF_16LE) : CodePage1252.decode(bytes);
    }

    static boolean fitsWindows1252(String text) {
        return CodePage1252.canEncode(text);
    }
}
