package dev.tdsmock.wire;

/**
 * An ATTENTION message (MS-TDS 2.2.1.7) before the login is answered, where there is no request to cancel: a
 * client whose own timeout ran out while it waited (pytds sends one when a read of the PRELOGIN answer or of
 * the TLS handshake times out). Not bad input: the connection ends as the client's doing.
 */
public final class EarlyAttentionException extends RuntimeException {
    public EarlyAttentionException() {
        super("ATTENTION before the login was answered", null, false, false);
    }
}
