package dev.tdsmock.wire.types;

import java.nio.charset.Charset;

/**
 * Code page 1252, the code page of the server's collation (SQL_Latin1_General_CP1_CI_AS), as Windows applies it to
 * varchar and char data. Two things differ from Java's {@code windows-1252}:
 * <ul>
 * <li>The five bytes the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stand for the C1 control
 * characters of the same number (U+0081 ...), as in Windows' own table (MultiByteToWideChar with code page 1252), so a
 * value a client sent goes back out byte for byte.</li>
 * <li>A character the code page cannot hold becomes '?' (0x3F), one per UTF-16 unit, as SQL Server converts
 * nvarchar to varchar: {@code SELECT 'ж'} answers '?'.</li>
 * </ul>
 * Every method is linear in the length of its argument.
 */
public final class CodePage1252 {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final int FIRST_DIFFERENT = 0x80;
    private static final int AFTER_DIFFERENT = 0xA0;
    private static final char REPLACEMENT = '?';
    /** Characters of the bytes 0x80..0x9F; the only range where code page 1252 and ISO-8859-1 differ. */
    private static final char[] HIGH = new char[AFTER_DIFFERENT - FIRST_DIFFERENT];

    static {
        for (int b = FIRST_DIFFERENT; b < AFTER_DIFFERENT; b++) {
            char c = new String(new byte[] {(byte) b}, WINDOWS_1252).charAt(0);
            HIGH[b - FIRST_DIFFERENT] = c == '\uFFFD' ? (char) b : c;
        }
    }

    private CodePage1252() {
    }

    /** The characters of {@code bytes}, one per byte. */
    public static String decode(byte[] bytes) {
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            chars[i] = b >= FIRST_DIFFERENT && b < AFTER_DIFFERENT ? HIGH[b - FIRST_DIFFERENT] : (char) b;
        }
        return new String(chars);
    }

    /** One byte per UTF-16 unit of {@code text}; '?' for each one the code page cannot hold. */
    public static byte[] encode(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            int b = byteOf(text.charAt(i));
            bytes[i] = (byte) (b < 0 ? REPLACEMENT : b);
        }
        return bytes;
    }

    /** Whether every character of {@code text} has a byte in the code page. */
    public static boolean canEncode(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (byteOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** What a varchar holds of {@code text}: the text with '?' for each character the code page cannot hold. */
    public static String fit(String text) {
        return canEncode(text) ? text : decode(encode(text));
    }

    /** The byte of {@code c}, or -1. */
    private static int byteOf(char c) {
        if (c < FIRST_DIFFERENT || (c >= AFTER_DIFFERENT && c <= 0xFF)) {
            return c;
        }
        for (int i = 0; i < HIGH.length; i++) {
            if (HIGH[i] == c) {
                return FIRST_DIFFERENT + i;
            }
        }
        return -1;
    }
}
