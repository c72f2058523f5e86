package dev.tdsmock.tls.bc;

import javax.net.ssl.SSLException;

/** A TLS failure of the Bouncy Castle engine: which alert ended the connection, and who sent it. */
public class BouncyCastleTlsException extends SSLException {
    /** {@link #alert()} when no alert was involved, e.g. the connection closed during the handshake. */
    public static final short NO_ALERT = -1;

    private final short alert;
    private final boolean alertFromClient;

    public BouncyCastleTlsException(String message, short alert, boolean alertFromClient, Throwable cause) {
        super(message, cause);
        this.alert = alert;
        this.alertFromClient = alertFromClient;
    }

    /** The AlertDescription code (e.g. 70 for protocol_version), or {@link #NO_ALERT}. */
    public short alert() {
        return alert;
    }

    /** True when the client sent the alert, false when the server raised it. */
    public boolean alertFromClient() {
        return alertFromClient;
    }
}
