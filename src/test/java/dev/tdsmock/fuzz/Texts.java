package dev.tdsmock.fuzz;

import java.util.Random;

/** Random text that UTF-16 can carry: any character, surrogates only in pairs. */
final class Texts {
    private static final String AWKWARD = "\u0000'\"\\;-/*\n\r\t\u00e9\u20ac\ufeff\ufffd";

    private Texts() {
    }

    /** Up to {@code maxChars} UTF-16 units: ASCII, awkward characters, any BMP character, and supplementary ones. */
    static String any(Random random, int maxChars) {
        int length = random.nextInt(maxChars + 1);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append((char) (0x20 + random.nextInt(0x5F)));
                case 1 -> text.append(AWKWARD.charAt(random.nextInt(AWKWARD.length())));
                case 2 -> {
                    char c = (char) random.nextInt(0x10000);
                    text.append(Character.isSurrogate(c) ? '?' : c);
                }
                default -> {
                    if (text.length() + 2 <= length) {
                        text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    } else {
                        text.append('x');
                    }
                }
            }
        }
        return text.toString();
    }
}
