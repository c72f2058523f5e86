package dev.tdsmock.tls.hello;

/** Bytes that cannot be a TLS ClientHello; the message says what was wrong and where. */
public class MalformedClientHelloException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedClientHelloException(String message) {
        super(message);
    }
}
