package dev.tdsmock.wire;

/**
 * Text a client chose (LOGIN7 names, the PRELOGIN instance, statements), made safe for a log line: control
 * characters (C0, DEL, C1: line breaks, ESC sequences, NUL, BEL) become {@code \xHH}, so that a client can
 * neither start a forged line nor drive the terminal of whoever reads the log.
 */
public final class LogText {
    private LogText() {
    }

    /** The text with each ISO control character written as {@code \xHH}; null stays null. */
    public static String printable(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\x%02X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
