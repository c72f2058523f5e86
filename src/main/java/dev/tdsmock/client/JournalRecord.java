package dev.tdsmock.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One connection as the server's journal recorded it ({@code GET /journal}; README "Logs and the connection
 * journal" gives every field). The fields tests assert on are typed here; {@link #json()} is the whole record
 * as the server sent it, for the rest ({@code prelogin}, {@code clientHello}). Fields the connection never
 * reached are null: {@code login} before a LOGIN7, {@code tls} without TLS, {@code ending} and {@code endedAt}
 * while it is open.
 *
 * @param id the connection's number on its listener, from 1
 * @param listenerPort the port it connected to
 * @param scenario the scenario that served it
 * @param clientAddress the client's address ({@code "127.0.0.1"})
 * @param clientPort the client's TCP port
 * @param connectedAt when it was accepted
 * @param phases when it first reached each step, in order: {@code accept}, {@code first-bytes},
 *     {@code prelogin}, {@code tls-handshake}, {@code tls-hello}, {@code login}, {@code logged-in}, ...
 * @param tls the negotiated TLS version and suite ({@code "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}), or
 *     null
 * @param tlsFault what the scenario's TLS settings did to the handshake, or null
 * @param login the LOGIN7's fields, or null
 * @param statements the first 100 statements, passwords masked, each cut to its first 4096 characters
 * @param statementLengths each statement's full length in characters, in the same order
 * @param errors the ERROR tokens the server answered with (the first 100)
 * @param faults the listener's faults that fired on this connection, in order
 * @param routedTo where a routing fault sent the client ({@code "localhost:1433"}), or null
 * @param routedFrom the routing listener that sent the client here, or null
 * @param upstream the listener's own connection to the upstream SQL Server it relays to, or null
 * @param ending how it ended, or null while open
 * @param churn the client address's ports at the end, or null
 * @param endedAt when it ended, or null while open
 * @param json the record as the server sent it
 */
public record JournalRecord(long id, int listenerPort, String scenario, String clientAddress, int clientPort,
                            Instant connectedAt, Map<String, Instant> phases, String tls, String tlsFault,
                            Login login, List<String> statements, List<Integer> statementLengths,
                            List<ErrorAnswered> errors, List<FaultFired> faults, String routedTo, String routedFrom,
                            Upstream upstream, Ending ending, ClientPorts churn, Instant endedAt, JsonNode json) {

    /** Whether the connection has ended. */
    public boolean isEnded() {
        return endedAt != null;
    }

    /** The application name the client gave in LOGIN7 ({@code applicationName} in mssql-jdbc), or null. */
    public String application() {
        return login == null ? null : login.application();
    }

    /**
     * The LOGIN7 fields kept; never the password.
     *
     * @param tdsVersion the TDS version asked for ({@code "7.4"})
     * @param user the SQL login name
     * @param host the client's host name
     * @param application the application name
     * @param server the server name the client connected to
     * @param database the database asked for, or empty
     * @param language the language asked for, or empty
     * @param library the client library's name ({@code "Microsoft JDBC Driver 13.6"})
     * @param packetSize the packet size asked for, in bytes
     * @param integratedSecurity whether it asked for Windows authentication
     */
    public record Login(String tdsVersion, String user, String host, String application, String server,
                        String database, String language, String library, int packetSize,
                        boolean integratedSecurity) {
        static Login of(JsonNode json) {
            return json == null ? null : new Login(Json.text(json, "tdsVersion"), Json.text(json, "user"),
                    Json.text(json, "host"), Json.text(json, "application"), Json.text(json, "server"),
                    Json.text(json, "database"), Json.text(json, "language"), Json.text(json, "library"),
                    Json.integer(json, "packetSize", 0), Json.flag(json, "integratedSecurity"));
        }
    }

    /**
     * An ERROR token the server answered with.
     *
     * @param step {@code login} or {@code request}
     * @param statement the index in {@code statements} of the statement it answered, or null (a login, an RPC
     *     call, a fault's error)
     * @param number the error number ({@code 18456}, {@code 1205})
     * @param severity its class (the JSON's {@code class}), 0 to 25
     * @param state its state
     * @param message its text
     * @param at when it was sent
     */
    public record ErrorAnswered(String step, Integer statement, int number, int severity, int state, String message,
                                Instant at) {
        static ErrorAnswered of(JsonNode json) {
            return new ErrorAnswered(Json.text(json, "step"), Json.integer(json, "statement"),
                    Json.integer(json, "number", 0), Json.integer(json, "class", 0), Json.integer(json, "state", 0),
                    Json.text(json, "message"), Json.instant(json, "at"));
        }
    }

    /**
     * A fault that fired on the connection.
     *
     * @param id the fault's id ({@link FaultState#id()})
     * @param type its type ({@code close}, {@code delay}, ...)
     * @param step the step it fired at
     * @param effect what it did, in words ({@code "held the answer for 3000 ms"})
     * @param at when it fired
     */
    public record FaultFired(String id, String type, String step, String effect, Instant at) {
        static FaultFired of(JsonNode json) {
            return new FaultFired(Json.text(json, "id"), Json.text(json, "type"), Json.text(json, "step"),
                    Json.text(json, "effect"), Json.instant(json, "at"));
        }
    }

    /**
     * The listener's own connection to the upstream SQL Server (a scenario's upstream, or --upstream).
     *
     * @param server where it connected, {@code host:port} (the last hop when routing was followed)
     * @param localAddress the listener's end of it, {@code address:port}; null until connected
     * @param encryption what PRELOGIN settled: {@code strict}, {@code on}, {@code login-only} or {@code off}
     * @param tls the TLS protocol and cipher suite, or null
     * @param tdsVersion LOGINACK's TDS version ({@code 0x74000004}), or null before login
     * @param program LOGINACK's program name and version, or null
     * @param routes the upstream's routing ENVCHANGEs: {@code host:port followed} or {@code host:port passed}
     * @param requests the client's requests relayed to it
     * @param ending how this leg ended, or null while open
     */
    public record Upstream(String server, String localAddress, String encryption, String tls, String tdsVersion,
                           String program, List<String> routes, int requests, String ending) {
        static Upstream of(JsonNode json) {
            return json == null ? null : new Upstream(Json.text(json, "server"), Json.text(json, "localAddress"),
                    Json.text(json, "encryption"), Json.text(json, "tls"), Json.text(json, "tdsVersion"),
                    Json.text(json, "program"), Json.list(json, "routes", JsonNode::asText),
                    Json.integer(json, "requests", 0), Json.text(json, "ending"));
        }
    }

    /**
     * How the connection ended.
     *
     * @param kind {@code CLOSE}, {@code FIN}, {@code RST}, {@code ALERT}, {@code TIMEOUT}, {@code HALF_CLOSE} or
     *     {@code SILENCE}
     * @param by {@code CLIENT} or {@code SERVER}
     * @param reason why, in words
     * @param during the step it ended in ({@code accept}, {@code prelogin}, {@code tls-hello}, {@code login},
     *     {@code logged-in}, {@code request}, ...)
     */
    public record Ending(String kind, String by, String reason, String during) {
        static Ending of(JsonNode json) {
            return json == null ? null : new Ending(Json.text(json, "kind"), Json.text(json, "by"),
                    Json.text(json, "reason"), Json.text(json, "during"));
        }
    }

    static JournalRecord of(JsonNode json) {
        return new JournalRecord(Json.number(json, "id"), Json.integer(json, "listenerPort", 0),
                Json.text(json, "scenario"), Json.text(json, "clientAddress"), Json.integer(json, "clientPort", 0),
                Json.instant(json, "connectedAt"), Json.map(json, "phases", value -> Instant.parse(value.asText())),
                Json.text(json, "tls"), Json.text(json, "tlsFault"), Login.of(Json.object(json, "login")),
                Json.list(json, "statements", JsonNode::asText), Json.list(json, "statementLengths", JsonNode::asInt),
                Json.list(json, "errors", ErrorAnswered::of), Json.list(json, "faults", FaultFired::of),
                Json.text(json, "routedTo"), Json.text(json, "routedFrom"),
                Upstream.of(Json.object(json, "upstream")), Ending.of(Json.object(json, "ending")),
                ClientPorts.of(Json.object(json, "churn")), Json.instant(json, "endedAt"), json);
    }
}
