package dev.tdsmock.wire.types;

/**
 * A parameter value whose bytes are all there and framed as its TYPE_INFO says, but which is no valid instance of its
 * type: a date after 9999-12-31, a NaN float, a decimal with more digits than its precision, UTF-16 of an odd length.
 * The reader has consumed the value when this is thrown, so the request can still be read to its end; SQL Server
 * answers such a parameter with error 8023 (or 8016 for a length) and the session goes on.
 */
final class InvalidValueException extends RuntimeException {
    private final boolean badLength;

    InvalidValueException(String message) {
        this(false, message);
    }

    InvalidValueException(boolean badLength, String message) {
        super(message, null, false, false);
        this.badLength = badLength;
    }

    boolean badLength() {
        return badLength;
    }
}
