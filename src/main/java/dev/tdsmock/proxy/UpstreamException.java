package dev.tdsmock.proxy;

/** The upstream could not be reached or logged in to; the message says at which step, as "the upstream ...". */
public final class UpstreamException extends RuntimeException {
    UpstreamException(String message) {
        super(message);
    }

    UpstreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
