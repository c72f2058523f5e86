package dev.tdsmock.wire;

/** Bytes from a client that do not follow MS-TDS; the message says what was wrong and where. */
public class MalformedTdsException extends RuntimeException {
    public MalformedTdsException(String message) {
        super(message);
    }
}
