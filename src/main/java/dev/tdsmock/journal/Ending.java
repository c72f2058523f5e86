package dev.tdsmock.journal;

import java.util.Locale;

/**
 * How and why a connection ended: the cause ({@code by} and {@code reason}), the wire action ({@code kind})
 * and the step it ended in ({@code during}: accept, first-bytes, prelogin, tls-hello, tls-handshake, login,
 * logged-in, request; null until the connection sets it).
 */
public record Ending(Kind kind, Side by, String reason, String during) {
    public enum Kind {
        /** An orderly close (FIN) after the client was served or left on its own. */
        CLOSE,
        /** The server closed with FIN to end a failed or refused exchange. */
        FIN,
        /** A TCP reset: "An existing connection was forcibly closed by the remote host" (10054). */
        RST,
        /** A TLS alert, then a close. */
        ALERT,
        /** Nothing arrived within the scenario's time limit. */
        TIMEOUT,
        /** The server shut its output down (FIN) and kept reading until the client closed. */
        HALF_CLOSE,
        /** The server stopped answering and kept the socket open until the client closed it. */
        SILENCE,
        /** The server stopped reading: the socket stays open, nothing more is read, the client's writes back up. */
        STOP_READING;

        /** The name in scenario files: rst, fin, half-close ... */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public enum Side {
        CLIENT,
        SERVER
    }

    public static Ending byClient(Kind kind, String reason) {
        return new Ending(kind, Side.CLIENT, reason, null);
    }

    public static Ending byServer(Kind kind, String reason) {
        return new Ending(kind, Side.SERVER, reason, null);
    }

    /** The same ending, in this step. */
    public Ending during(String step) {
        return new Ending(kind, by, reason, step);
    }

    @Override
    public String toString() {
        return kind + " by " + by.name().toLowerCase(Locale.ROOT) + (during == null ? "" : " during " + during)
                + ": " + reason;
    }
}
