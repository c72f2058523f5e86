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

    private final long id;
    private final int listenerPort;
    private final String scenario;
    private final String clientAddress;
    private final int clientPort;
    private final Instant connectedAt = Instant.now();
    private final Map<String, Instant> phases = new LinkedHashMap<>();
    private final List<String> statements = new ArrayList<>();
    private PreLogin preLogin;
    private ClientHello clientHello;
    private String tls;
    private Login7 login;
    private String tlsFault;
    private String routedTo;
    private String routedFrom;
    private final List<FaultFired> faults = new ArrayList<>();
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

    public synchronized void statement(String text) {
        if (statements.size() < MAX_STATEMENTS) {
            statements.add(text);
        }
    }

    public synchronized List<String> statements() {
        return List.copyOf(statements);
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

    /** The connection (of this process) whose login routed this client here: "#id on port N". */
    public synchronized void routedFrom(String source) {
        this.routedFrom = source;
    }

    public synchronized String routedFrom() {
        return routedFrom;
    }

    /** A fault of the listener's fault list that fired on this connection. */
    public record FaultFired(String id, String type, String step, String effect, Instant at) {
    }

    public synchronized void faultFired(String id, String type, String step, String effect) {
        if (faults.size() < MAX_STATEMENTS) {
            faults.add(new FaultFired(id, type, step, effect, Instant.now()));
        }
    }

    /** The faults that fired on this connection, in order. */
    public synchronized List<FaultFired> faults() {
        return List.copyOf(faults);
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
