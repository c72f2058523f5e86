package dev.tdsmock.journal;

/** How and why a connection ended. */
public record Ending(Kind kind, Side by, String reason) {
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
        TIMEOUT
    }

    public enum Side {
        CLIENT,
        SERVER
    }

    public static Ending byClient(Kind kind, String reason) {
        return new Ending(kind, Side.CLIENT, reason);
    }

    public static Ending byServer(Kind kind, String reason) {
        return new Ending(kind, Side.SERVER, reason);
    }

    @Override
    public String toString() {
        return kind + " by " + by.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason;
    }
}
