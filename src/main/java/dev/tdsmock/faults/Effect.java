package dev.tdsmock.faults;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.sql.ErrorReply;
import java.time.Duration;

/**
 * What a fault that fired does to the connection at its step. Holds add up and waits at gates come after them;
 * the first effect that is neither decides how the step ends, and the step's own answer is not sent.
 */
public sealed interface Effect {
    /** In words, for the journal and the log. */
    String describe();

    /** The server's answer at this step waits this long; nothing the client sends meanwhile is processed. */
    record Hold(Duration duration) implements Effect {
        @Override
        public String describe() {
            return "held the answer for " + duration.toMillis() + " ms";
        }
    }

    /**
     * The connection ends instead of the answer (or, at request, after {@code afterRows} rows of it, null for
     * none): {@code RST}, {@code FIN}, {@code ALERT} (a fatal TLS alert, at tls-hello), {@code HALF_CLOSE}
     * (output shut down, input still read), {@code SILENCE} (nothing is answered; the socket stays open until the
     * client closes it) or {@code STOP_READING} (nothing answered, nothing more read).
     */
    record End(Ending.Kind kind, Integer afterRows) implements Effect {
        public End(Ending.Kind kind) {
            this(kind, null);
        }

        @Override
        public String describe() {
            return "ended the connection: " + kind.key() + (afterRows == null ? "" : " after " + afterRows + " rows");
        }
    }

    /**
     * The step's answer goes out whole, then the connection ends with {@code kind} ({@code FIN}: the server
     * closes first and the TIME_WAIT lands on its side, KB 328476; {@code RST}, {@code HALF_CLOSE},
     * {@code SILENCE}, {@code STOP_READING} as for {@link End}).
     */
    record EndAfterAnswer(Ending.Kind kind) implements Effect {
        @Override
        public String describe() {
            return "answered, then ended the connection: " + kind.key();
        }
    }

    /**
     * A request's answer cut after {@code rows} rows and followed by this ERROR and a DONE with the error bit;
     * an error of class {@link #FATAL} or more ends the connection after it, as SQL Server does (MS-TDS 2.2.7.10).
     */
    record ErrorAfterRows(int rows, ErrorReply error) implements Effect {
        public static final int FATAL = 20;

        @Override
        public String describe() {
            return "error " + error.number() + " (class " + error.severity() + ") after " + rows + " rows";
        }
    }

    /**
     * The answer at this step waits until the test lets the connection through ({@code released} completes);
     * nothing the client sends meanwhile is processed.
     */
    record Wait(java.util.concurrent.CompletableFuture<Void> released) implements Effect {
        @Override
        public String describe() {
            return "waited at the gate";
        }
    }

    /**
     * LOGIN7 is answered as usual, with an ENVCHANGE routing token (type 20, MS-TDS 2.2.7.9) that sends the client
     * to log in again at {@code host}:{@code port}: an Azure SQL gateway's redirect, an availability group's
     * read-only routing.
     */
    record Route(String host, int port) implements Effect {
        @Override
        public String describe() {
            return "routed to " + host + ":" + port;
        }
    }

    /**
     * The step's answer goes out broken the way {@code kind} says (see the malformed-answer fault type), then the
     * connection ends with {@code ending}.
     */
    record Malformed(Kind kind, Ending.Kind ending) implements Effect {
        /** How the answer breaks the protocol (MS-TDS 2.2.3.1 packet header, 2.2.4 tokens, 2.2.6.5 PRELOGIN). */
        public enum Kind {
            WRONG_PACKET_TYPE, NO_EOM, TRUNCATED, BAD_LENGTH, UNKNOWN_TOKEN, EMPTY_PRELOGIN, PRELOGIN_WITHOUT_TERMINATOR;

            /** The name in scenario files: wrong-packet-type ... */
            public String key() {
                return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            }
        }

        @Override
        public String describe() {
            return "sent a malformed answer (" + kind.key() + "), then " + ending.key();
        }
    }

    /** LOGIN7 is answered with this error (ERROR and DONE tokens, MS-TDS 2.2.7.10), then the server closes (FIN). */
    record RefuseLogin(ErrorReply error) implements Effect {
        @Override
        public String describe() {
            return "refused the login with error " + error.number();
        }
    }
}
