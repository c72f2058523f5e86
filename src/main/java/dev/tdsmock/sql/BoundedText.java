package dev.tdsmock.sql;

/**
 * A statement's text that counts the characters read from it and stops a reader that reads more than its budget:
 * {@link #charAt} throws {@link Exhausted}. Regular expressions from scenario files are matched against it, so that
 * a pattern that backtracks catastrophically costs at most the budget, which is linear in the text's length, instead
 * of stalling the event loop. Sub-sequences (a matcher's groups) are plain strings and not counted.
 */
public final class BoundedText implements CharSequence {
    /** Character reads allowed per character of text: plenty for patterns that do not backtrack without bound. */
    public static final long READS_PER_CHARACTER = 16;
    /** Reads allowed on top, so that short statements are never cut short. */
    public static final long BASE_READS = 1_000_000;

    /** The budget ran out. */
    public static final class Exhausted extends RuntimeException {
        Exhausted(long budget) {
            super("gave up after " + budget + " character reads", null, false, false);
        }
    }

    private final CharSequence text;
    private final long budget;
    private long reads;

    public BoundedText(CharSequence text, long budget) {
        this.text = text;
        this.budget = budget;
    }

    /** The budget for matching against {@code text}: {@link #BASE_READS} + {@link #READS_PER_CHARACTER} per character. */
    public static BoundedText forMatching(CharSequence text) {
        return new BoundedText(text, BASE_READS + READS_PER_CHARACTER * text.length());
    }

    /** Characters read so far. */
    public long reads() {
        return reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads > budget) {
            throw new Exhausted(budget);
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
