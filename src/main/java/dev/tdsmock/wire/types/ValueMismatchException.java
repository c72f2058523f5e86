package dev.tdsmock.wire.types;

/**
 * A value that does not fit a {@link SqlType} ({@link SqlType#coerce}). {@link #overflow()} tells a number beyond the
 * type's range, which SQL Server reports as arithmetic overflow (error 8115), from any other mismatch.
 */
public final class ValueMismatchException extends IllegalArgumentException {
    private final String typeName;
    private final boolean overflow;

    ValueMismatchException(String message, String typeName, boolean overflow) {
        super(message);
        this.typeName = typeName;
        this.overflow = overflow;
    }

    /** The type's name without its arguments: int, numeric, datetimeoffset. */
    public String typeName() {
        return typeName;
    }

    /** The value is a number beyond the range or the precision of the type. */
    public boolean overflow() {
        return overflow;
    }
}
