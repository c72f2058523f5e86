package dev.tdsmock.support;

import java.io.IOException;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/** A TLS 1.2 handshake straight on the socket, as a TDS 8.0 client starts; for counting outcomes fast. */
public final class TlsFirstHandshake {
    private TlsFirstHandshake() {
    }

    /** True when the handshake completed, false when the server ended it. */
    public static boolean succeeds(SSLContext context, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            return true;
        } catch (SSLException | SocketException e) {
            return false;
        }
    }
}
