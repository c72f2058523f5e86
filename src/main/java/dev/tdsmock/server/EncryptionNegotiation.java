package dev.tdsmock.server;

import dev.tdsmock.scenario.ServerEncryption;
import dev.tdsmock.wire.Encryption;

/** The MS-TDS PRELOGIN encryption matrix (2.2.6.5): the client's ask and the server's setting decide. */
public final class EncryptionNegotiation {
    public enum Mode {
        /** No TLS at all. */
        NONE,
        /** TLS for LOGIN7 only, then both sides drop it. */
        LOGIN_ONLY,
        /** TLS for the whole connection. */
        FULL,
        /** The two cannot agree: after the answer, the connection ends. */
        TERMINATE
    }

    /** @param reply the ENCRYPTION byte of the server's answer; @param reason why, for the log */
    public record Outcome(int reply, Mode mode, String reason) {
    }

    private EncryptionNegotiation() {
    }

    /** @param clientValue the client's ENCRYPTION byte without the CLIENT_CERT bit; null when it sent none */
    public static Outcome decide(Integer clientValue, ServerEncryption server) {
        int client = clientValue == null ? Encryption.OFF : clientValue;
        boolean clientWantsTls = client == Encryption.ON || client == Encryption.REQ;
        return switch (server) {
            case OFF -> switch (client) {
                case Encryption.OFF -> new Outcome(Encryption.OFF, Mode.LOGIN_ONLY, "client OFF, server OFF: login only");
                case Encryption.NOT_SUP -> new Outcome(Encryption.NOT_SUP, Mode.NONE, "client cannot encrypt");
                default -> clientWantsTls
                        ? new Outcome(Encryption.ON, Mode.FULL, "client asked for encryption")
                        : unknown(client);
            };
            case REQUIRED -> switch (client) {
                case Encryption.OFF -> new Outcome(Encryption.REQ, Mode.FULL, "server requires encryption");
                case Encryption.NOT_SUP -> new Outcome(Encryption.REQ, Mode.TERMINATE,
                        "server requires encryption, client cannot encrypt");
                default -> clientWantsTls
                        ? new Outcome(Encryption.ON, Mode.FULL, "client asked for encryption, server requires it")
                        : unknown(client);
            };
            case NOT_SUPPORTED -> switch (client) {
                case Encryption.OFF, Encryption.NOT_SUP -> new Outcome(Encryption.NOT_SUP, Mode.NONE,
                        "server cannot encrypt");
                default -> clientWantsTls
                        ? new Outcome(Encryption.NOT_SUP, Mode.TERMINATE,
                                "client requires encryption, server cannot encrypt")
                        : unknown(client);
            };
        };
    }

    private static Outcome unknown(int client) {
        return new Outcome(Encryption.NOT_SUP, Mode.TERMINATE,
                String.format("client sent ENCRYPTION 0x%02X, which MS-TDS does not define", client));
    }
}
