package dev.tdsmock.tls.bc;

import java.util.Map;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/** Turns what Bouncy Castle threw into a {@link BouncyCastleTlsException} whose message says what failed. */
final class FailureDescriptions {
    // Said when Bouncy Castle gives no detail of its own; the server asks for no client certificate, so
    // decrypt_error can only come from the client's Finished.
    private static final Map<Short, String> USUAL_CAUSES = Map.of(
            AlertDescription.decrypt_error, "verify_data mismatch in the client's Finished",
            AlertDescription.bad_record_mac,
            "a record from the client failed decryption or its integrity check: the two sides derived different keys,"
                    + " or the record was altered",
            AlertDescription.unexpected_message, "the client sent a message the handshake did not expect",
            AlertDescription.decode_error, "a message from the client could not be parsed",
            AlertDescription.illegal_parameter, "the client sent a value out of range",
            AlertDescription.handshake_failure, "no acceptable set of security parameters",
            AlertDescription.protocol_version, "no protocol version in common",
            AlertDescription.no_application_protocol, "no ALPN protocol in common",
            AlertDescription.internal_error, "the server failed internally");

    private FailureDescriptions() {
    }

    /**
     * @param raisedAlert the fatal alert Bouncy Castle reported raising, or {@link BouncyCastleTlsException#NO_ALERT}
     */
    static BouncyCastleTlsException describe(Throwable failure, short raisedAlert) {
        if (failure instanceof TlsFatalAlertReceived received) {
            short alert = received.getAlertDescription();
            return new BouncyCastleTlsException(AlertDescription.getName(alert) + ": sent by the client", alert, true,
                    failure);
        }
        short alert = raisedAlert != BouncyCastleTlsException.NO_ALERT ? raisedAlert
                : failure instanceof TlsFatalAlert fatal ? fatal.getAlertDescription()
                : AlertDescription.internal_error;
        return new BouncyCastleTlsException(AlertDescription.getName(alert) + ": " + explanation(alert, failure),
                alert, false, failure);
    }

    static BouncyCastleTlsException closedDuringHandshake() {
        return new BouncyCastleTlsException("the connection closed before the TLS handshake completed",
                BouncyCastleTlsException.NO_ALERT, false, null);
    }

    static BouncyCastleTlsException removedDuringHandshake() {
        return new BouncyCastleTlsException("the TLS handler was removed before the handshake completed",
                BouncyCastleTlsException.NO_ALERT, false, null);
    }

    /** Bouncy Castle's own detail if it gave one, else the usual cause of the alert; then the underlying error. */
    private static String explanation(short alert, Throwable failure) {
        String detail = null;
        String underlying = null;
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (link instanceof TlsFatalAlert fatal) {
                // TlsFatalAlert's message is "name(code)" or "name(code); detail"
                String prefix = AlertDescription.getText(fatal.getAlertDescription()) + "; ";
                String message = fatal.getMessage();
                if (detail == null && message != null && message.startsWith(prefix)) {
                    detail = message.substring(prefix.length());
                }
            } else if (!(link instanceof TlsFatalAlertReceived) && link.getMessage() != null && underlying == null) {
                underlying = link.getMessage();
            }
        }
        String explanation = detail != null ? detail
                : USUAL_CAUSES.getOrDefault(alert, "Bouncy Castle raised it without saying why");
        return underlying == null || explanation.contains(underlying) ? explanation
                : explanation + " (" + underlying + ")";
    }
}
