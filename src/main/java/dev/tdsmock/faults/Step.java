package dev.tdsmock.faults;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The steps of a connection where a fault can act, by the names other tools use for them. */
public enum Step {
    /** Before the server reads a byte: the connection has been accepted by the OS. */
    ACCEPT("accept"),
    /** The answer to PRELOGIN (MS-TDS 2.2.6.5), in the Initial State. */
    PRELOGIN("prelogin"),
    /** After the TLS ClientHello has been read, before any ServerHello (RFC 5246 7.4.1.2, RFC 8446 4.1.2). */
    TLS_HELLO("tls-hello"),
    /** The answer to LOGIN7 (MS-TDS 2.2.6.4), in the Login Ready state. */
    LOGIN("login"),
    /** The answer to an SQLBatch or RPC request (MS-TDS 2.2.6.7, 2.2.6.6), in the Client Request Execution state. */
    REQUEST("request"),
    /** The acknowledgement of an ATTENTION (a cancel, a query timeout): DONE with DONE_ATTN (MS-TDS 2.2.1.7). */
    ATTENTION("attention"),
    /** A logged-in session that has sent nothing for the fault's {@code after} (MS-TDS 3.3.5.7 Logged In). */
    IDLE("idle");

    private final String key;

    Step(String key) {
        this.key = key;
    }

    /** The name used in scenario files, the control API and the journal. */
    public String key() {
        return key;
    }

    /** True for steps before LOGIN7 has arrived, where only the client's address is known. */
    public boolean beforeLogin() {
        return this != LOGIN && this != REQUEST && this != ATTENTION && this != IDLE;
    }

    /** @throws IllegalArgumentException naming the steps there are */
    public static Step of(String key) {
        for (Step step : values()) {
            if (step.key.equals(key.toLowerCase(Locale.ROOT))) {
                return step;
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a step; the steps are " + names());
    }

    static String names() {
        return Arrays.stream(values()).map(Step::key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key;
    }
}
