package dev.tdsmock.journal;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.PreLogin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything worth knowing afterwards about one connection: who, which scenario, when each phase began,
 * what the client offered, what was negotiated, which fault was applied and how it ended. Written from
 * the connection's event loop, read from anywhere.
 */
public final class ConnectionRecord {
    private static final int MAX_STATEMENTS = 100;
    /** How much of a statement is kept when the caller gives no limit: 4 KiB of characters. */
    public static final int DEFAULT_STATEMENT_CHARS = 4096;
    /** The estimate of a record without statements or faults: its fields, PRELOGIN, ClientHello, LOGIN7. */
    private static final long BASE_BYTES = 4096;
    private static final long STATEMENT_OVERHEAD_BYTES = 64;
    private static final long FAULT_BYTES = 256;
    private static final long VERDICT_BYTES = 512;

    private final long id;
    private final int listenerPort;
    private final String scenario;
    private final String clientAddress;
    private final int clientPort;
    private final Instant connectedAt = Instant.now();
    private final Map<String, Instant> phases = new LinkedHashMap<>();
    private final List<String> statements = new ArrayList<>();
    private final List<Integer> statementLengths = new ArrayList<>();
    /** What the kept statements and error messages hold, estimated in bytes. */
    private long textBytes;
    private volatile Runnable grown = () -> { };
    private PreLogin preLogin;
    private ClientHello clientHello;
    private String tls;
    private Login7 login;
    private String tlsFault;
    private String routedTo;
    private String routedFrom;
    private String capture;
    private Diagnosed diagnosis;
    private Upstream upstream;
    private final List<FaultFired> faults = new ArrayList<>();
    private final List<ErrorAnswered> errors = new ArrayList<>();
    private int unanswered;
    private Ending ending;
    private ChurnCounters.Ports churn;
    private Instant endedAt;

    public ConnectionRecord(long id, int listenerPort, String scenario, String clientAddress, int clientPort) {
        this.id = id;
        this.listenerPort = listenerPort;
        this.scenario = scenario;
        this.clientAddress = clientAddress;
        this.clientPort = clientPort;
    }

    public long id() {
        return id;
    }

    /** The port of the listener that took the connection. */
    public int listenerPort() {
        return listenerPort;
    }

    public String scenario() {
        return scenario;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public int clientPort() {
        return clientPort;
    }

    public Instant connectedAt() {
        return connectedAt;
    }

    public synchronized void phase(String phase) {
        phases.putIfAbsent(phase, Instant.now());
    }

    /** When each phase began, in the order the connection went through them. */
    public synchronized Map<String, Instant> phases() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    public synchronized void preLogin(PreLogin preLogin) {
        this.preLogin = preLogin;
    }

    public synchronized PreLogin preLogin() {
        return preLogin;
    }

    public synchronized void clientHello(ClientHello clientHello) {
        this.clientHello = clientHello;
    }

    public synchronized ClientHello clientHello() {
        return clientHello;
    }

    /** The negotiated TLS version and cipher suite (and ALPN, DH group), e.g. "TLSv1.2 TLS_ECDHE_RSA_...". */
    public synchronized void tls(String negotiated) {
        this.tls = negotiated;
    }

    public synchronized String tls() {
        return tls;
    }

    public synchronized void login(Login7 login) {
        this.login = login;
    }

    public synchronized Login7 login() {
        return login;
    }

    /** {@link #statement(String, int)} keeping {@link #DEFAULT_STATEMENT_CHARS} characters. */
    public int statement(String text) {
        return statement(text, DEFAULT_STATEMENT_CHARS);
    }

    /**
     * Records a statement the client sent (up to 100 a connection), its passwords masked
     * ({@link PasswordMask}), and cut to its first {@code keptChars} characters (a password literal cut there is
     * masked to the cut); its full length in UTF-16 characters is kept in {@link #statementLengths()}. The one place statements enter the journal.
     *
     * @param keptChars how many characters of the statement to keep, at least 1
     * @return its index in {@link #statements()}, or -1 when it was not kept (past the 100th)
     */
    public int statement(String text, int keptChars) {
        if (keptChars < 1) {
            throw new IllegalArgumentException("keptChars " + keptChars + " is below 1");
        }
        // only the part kept is masked, so that a statement of megabytes costs no more than its head
        String head = text.length() > keptChars ? text.substring(0, keptChars) : text;
        String masked = PasswordMask.mask(head);
        int index;
        synchronized (this) {
            if (statements.size() >= MAX_STATEMENTS) {
                return -1;
            }
            String kept = masked.length() > keptChars ? masked.substring(0, keptChars) : masked;
            statements.add(kept);
            statementLengths.add(text.length());
            textBytes += 2L * kept.length() + STATEMENT_OVERHEAD_BYTES;
            index = statements.size() - 1;
        }
        grown.run();
        return index;
    }

    /** The statements as kept: masked, each cut to the limit it was recorded with. */
    public synchronized List<String> statements() {
        return List.copyOf(statements);
    }

    /** The full length of each statement of {@link #statements()} (same order), in characters. */
    public synchronized List<Integer> statementLengths() {
        return List.copyOf(statementLengths);
    }

    /**
     * An estimate of the heap this record takes, in bytes: a base for its fields plus what its statements and
     * faults hold. It grows as statements and faults are recorded.
     */
    public synchronized long estimatedBytes() {
        return BASE_BYTES + textBytes + FAULT_BYTES * faults.size()
                + (diagnosis == null ? 0 : VERDICT_BYTES * diagnosis.verdicts().size());
    }

    /**
     * Called (outside the record's lock) after the record grew; set by the {@link Journal} that keeps it, so
     * that its byte budget follows.
     */
    void whenGrown(Runnable action) {
        this.grown = action;
    }

    /**
     * What the scenario's TLS settings did to this handshake, in words: a refusal before ServerHello, a
     * leading-zero DH secret.
     */
    public synchronized void tlsFault(String description) {
        this.tlsFault = description;
    }

    public synchronized String tlsFault() {
        return tlsFault;
    }

    /** Where a route fault sent this connection's client: "host:port". */
    public synchronized void routedTo(String target) {
        this.routedTo = target;
    }

    public synchronized String routedTo() {
        return routedTo;
    }

    /** The file of this connection's capture (capture.directory), or null without one. */
    public synchronized void capture(String file) {
        this.capture = file;
    }

    public synchronized String capture() {
        return capture;
    }

    /** A diagnosing listener's judgement of this client: its fingerprint's id and a verdict per scenario. */
    public record Diagnosed(String fingerprint, java.util.Map<String, dev.tdsmock.diagnose.Verdict> verdicts) {
    }

    public void diagnosis(Diagnosed diagnosed) {
        synchronized (this) {
            this.diagnosis = diagnosed;
        }
        grown.run();
    }

    public synchronized Diagnosed diagnosis() {
        return diagnosis;
    }

    /** The connection (of this process) whose login routed this client here: "#id on port N". */
    /**
     * The listener's own connection to the upstream SQL Server (upstream in scenario-defaults.conf).
     *
     * @param server where it connected, {@code host:port} (the last hop when routing was followed)
     * @param localAddress the listener's end of it, {@code address:port}; null until connected
     * @param encryption what PRELOGIN settled: strict, on, login-only or off; null before
     * @param tls the TLS protocol and cipher suite, or null
     * @param tdsVersion LOGINACK's TDS version ({@code 0x74000004}), or null before
     * @param program LOGINACK's program name and version, or null
     * @param routes the routing ENVCHANGEs (type 20) the upstream answered with: {@code host:port followed|passed}
     * @param requests the client's requests relayed to it
     * @param ending how this leg ended, or null while open
     */
    public record Upstream(String server, String localAddress, String encryption, String tls, String tdsVersion,
                           String program, List<String> routes, int requests, String ending) {
        public static Upstream to(String server) {
            return new Upstream(server, null, null, null, null, null, List.of(), 0, null);
        }

        /** The next hop of a followed routing: another server, the routes met so far kept. */
        public Upstream hop(String nextServer) {
            return new Upstream(nextServer, null, null, null, null, null, routes, 0, null);
        }

        public Upstream connectedFrom(String local) {
            return new Upstream(server, local, encryption, tls, tdsVersion, program, routes, requests, ending);
        }

        public Upstream encrypted(String settled) {
            return new Upstream(server, localAddress, settled, tls, tdsVersion, program, routes, requests, ending);
        }

        public Upstream negotiated(String tlsSession) {
            return new Upstream(server, localAddress, encryption, tlsSession, tdsVersion, program, routes, requests,
                    ending);
        }

        /** What LOGINACK said: its TDS version (null without LOGINACK) and program. */
        public Upstream answered(String loginAckVersion, String loginAckProgram) {
            return new Upstream(server, localAddress, encryption, tls, loginAckVersion, loginAckProgram, routes,
                    requests, ending);
        }

        public Upstream routed(String route) {
            List<String> more = new ArrayList<>(routes);
            more.add(route);
            return new Upstream(server, localAddress, encryption, tls, tdsVersion, program, List.copyOf(more),
                    requests, ending);
        }

        public Upstream requestRelayed() {
            return new Upstream(server, localAddress, encryption, tls, tdsVersion, program, routes, requests + 1,
                    ending);
        }

        /** How the leg ended; the first ending told is the one kept. */
        public Upstream ended(String why) {
            return ending != null ? this
                    : new Upstream(server, localAddress, encryption, tls, tdsVersion, program, routes, requests, why);
        }
    }

    /** Changes what the journal says of the upstream leg; {@code change} gets null the first time. */
    public synchronized void upstream(java.util.function.UnaryOperator<Upstream> change) {
        upstream = change.apply(upstream);
    }

    public synchronized Upstream upstream() {
        return upstream;
    }

    public synchronized void routedFrom(String source) {
        this.routedFrom = source;
    }

    public synchronized String routedFrom() {
        return routedFrom;
    }

    /** A fault of the listener's fault list that fired on this connection. */
    public record FaultFired(String id, String type, String step, String effect, Instant at) {
    }

    public void faultFired(String id, String type, String step, String effect) {
        synchronized (this) {
            if (faults.size() >= MAX_STATEMENTS) {
                return;
            }
            faults.add(new FaultFired(id, type, step, effect, Instant.now()));
        }
        grown.run();
    }

    /** The faults that fired on this connection, in order. */
    public synchronized List<FaultFired> faults() {
        return List.copyOf(faults);
    }

    /**
     * An ERROR token (MS-TDS 2.2.7.10) the server answered with, the session going on or not.
     *
     * @param step      the step it answered: "login" or "request"
     * @param statement the index in {@link #statements()} of the statement it answered, or null when it answered
     *                  an RPC call, a whole message or a login
     * @param severity  the token's Class (0-25)
     * @param message   its MsgText, cut to {@value #MAX_ERROR_CHARS} characters
     */
    public record ErrorAnswered(String step, Integer statement, int number, int severity, int state, String message,
                                Instant at) {
    }

    private static final int MAX_ERROR_CHARS = 512;

    /** Records an error the server answered with (up to 100 a connection); see {@link ErrorAnswered}. */
    public void errorAnswered(String step, Integer statement, int number, int severity, int state, String message) {
        String kept = message == null ? "" : message.length() > MAX_ERROR_CHARS
                ? message.substring(0, MAX_ERROR_CHARS) : message;
        synchronized (this) {
            if (errors.size() >= MAX_STATEMENTS) {
                return;
            }
            errors.add(new ErrorAnswered(step, statement, number, severity, state, kept, Instant.now()));
            textBytes += 2L * kept.length() + STATEMENT_OVERHEAD_BYTES;
        }
        grown.run();
    }

    /** The errors the server answered with, in order. */
    public synchronized List<ErrorAnswered> errors() {
        return List.copyOf(errors);
    }

    /** Counts a statement or procedure call the server had no answer for (answered with an empty result). */
    public synchronized void noAnswer() {
        unanswered++;
    }

    /** How many statements and procedure calls got an empty result for want of an answer. */
    public synchronized int unanswered() {
        return unanswered;
    }

    /** Sets the ending once; later calls keep the first, which is the cause. */
    public synchronized void ending(Ending ending) {
        if (this.ending == null) {
            this.ending = ending;
        }
    }

    public synchronized Ending ending() {
        return ending;
    }

    /**
     * The client ports of this connection's client address when it ended, its own close counted (KB 328476):
     * TIME_WAIT on the client, open connections, the budget.
     */
    public synchronized void churn(ChurnCounters.Ports ports) {
        this.churn = ports;
    }

    /** The churn figures of the client address at this connection's end, or null before it ended. */
    public synchronized ChurnCounters.Ports churn() {
        return churn;
    }

    public synchronized void ended() {
        if (upstream != null && upstream.localAddress() == null) {
            upstream = upstream.ended("never connected: the connection ended before its login was relayed");
        }
        if (endedAt == null) {
            endedAt = Instant.now();
        }
    }

    public synchronized Instant endedAt() {
        return endedAt;
    }

    public synchronized boolean isEnded() {
        return endedAt != null;
    }

    @Override
    public synchronized String toString() {
        return "#" + id + " " + clientAddress + ":" + clientPort + " [" + scenario + "] phases=" + phases.keySet()
                + (tlsFault == null ? "" : " tlsFault=" + tlsFault) + (faults.isEmpty() ? "" : " faults=" + faults)
                + " ending=" + ending;
    }
}
