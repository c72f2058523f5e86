package dev.tdsmock.tls.bc;

/** A TLS client driven by hand: bytes it wants to send, bytes it receives. */
interface ClientPeer {

    /** TLS bytes the client has to send now, possibly none. */
    byte[] takeOutgoing();

    void receive(byte[] tls);

    boolean handshakeDone();

    /** Why the client gave up, or null. */
    Throwable failure();

    /** Application data to encrypt and send with the next {@link #takeOutgoing()}. */
    void send(byte[] plain);

    /** Application data received so far, removed from the client. */
    byte[] takeReceived();
}
