package dev.tdsmock.server;

/**
 * Where a connection is, after the TDS server states of MS-TDS 3.3.5, refined where a fault can act between
 * two of them. The name is what the journal records as a phase and as the step an ending came {@code during}.
 */
enum ConnectionState {
    /** Accepted by the OS, not yet read by the server (waiting for an accept worker, or held by a fault). */
    ACCEPT("accept"),
    /** 3.3.5.1 Initial State: nothing read yet. */
    INITIAL("first-bytes"),
    /** 3.3.5.1 Initial State with the PRELOGIN received: its answer is being made. */
    INITIAL_PRELOGIN("prelogin"),
    /** 3.3.5.2 TLS/SSL Negotiation (TDS 7.x), or the TLS handshake that comes first in TDS 8.0. */
    TLS_SSL_NEGOTIATION("tls-handshake"),
    /** TLS/SSL Negotiation with the ClientHello read and no ServerHello sent. */
    TLS_CLIENT_HELLO("tls-hello"),
    /** 3.3.5.3 Login Ready: waiting for LOGIN7, or answering it. */
    LOGIN_READY("login"),
    /** 3.3.5.7 Logged In: a session waiting for requests. */
    LOGGED_IN("logged-in"),
    /** 3.3.5.9 Client Request Execution: a request is being answered. */
    CLIENT_REQUEST_EXECUTION("request"),
    /** 3.3.5.10 Final State: the connection has ended. */
    FINAL("final");

    private final String step;

    ConnectionState(String step) {
        this.step = step;
    }

    /** The journal's name for it. */
    String step() {
        return step;
    }
}
