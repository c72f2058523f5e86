package dev.tdsmock.wire.types;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** Character encodings of character data: UTF-16LE for n-types, code page 1252 for the others. */
final class TextEncodings {
    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextEncodings() {
    }

    static Charset of(SqlKind kind) {
        return kind.isUnicode() ? StandardCharsets.UTF_16LE : WINDOWS_1252;
    }

    static boolean fitsWindows1252(String text) {
        return WINDOWS_1252.newEncoder().canEncode(text);
    }
}
