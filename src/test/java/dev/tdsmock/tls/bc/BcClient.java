package dev.tdsmock.tls.bc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsServerCertificate;

/**
 * Bouncy Castle's non-blocking client over the lightweight crypto, trusting any server and any DH group of 512 bits
 * or more. Its own DH agreement handles Z as told, so it can play a client that strips or one that pads.
 */
final class BcClient implements ClientPeer {
    private final TlsClientProtocol protocol = new TlsClientProtocol();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private volatile DhExchange dhExchange;
    private boolean handshakeDone;
    private Throwable failure;

    BcClient(ProtocolVersion[] versions, int[] cipherSuites, DhSecretHandling secretHandling) throws IOException {
        ControlledDhCrypto crypto = new ControlledDhCrypto(new SecureRandom(), secretHandling, false,
                exchange -> dhExchange = exchange);
        protocol.connect(new DefaultTlsClient(crypto) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return versions;
            }

            @Override
            protected int[] getSupportedCipherSuites() {
                return cipherSuites != null ? cipherSuites : super.getSupportedCipherSuites();
            }

            @Override
            public TlsDHGroupVerifier getDHGroupVerifier() {
                return group -> group.getP().bitLength() >= 512;
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return new ServerOnlyTlsAuthentication() {
                    @Override
                    public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    }
                };
            }

            @Override
            public void notifyHandshakeComplete() throws IOException {
                super.notifyHandshakeComplete();
                handshakeDone = true;
            }
        });
    }

    /** What this client saw of the DH exchange; its "server public value" is the client's own. */
    DhExchange dhExchange() {
        return dhExchange;
    }

    @Override
    public byte[] takeOutgoing() {
        byte[] out = new byte[protocol.getAvailableOutputBytes()];
        protocol.readOutput(out, 0, out.length);
        return out;
    }

    @Override
    public void receive(byte[] tls) {
        if (failure != null || protocol.isClosed()) {
            return;
        }
        try {
            protocol.offerInput(tls);
        } catch (IOException e) {
            failure = e;
            return;
        }
        byte[] plain = new byte[protocol.getAvailableInputBytes()];
        protocol.readInput(plain, 0, plain.length);
        received.write(plain, 0, plain.length);
    }

    @Override
    public boolean handshakeDone() {
        return handshakeDone;
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public void send(byte[] plain) {
        try {
            protocol.writeApplicationData(plain, 0, plain.length);
        } catch (IOException e) {
            failure = e;
        }
    }

    @Override
    public byte[] takeReceived() {
        byte[] data = received.toByteArray();
        received.reset();
        return data;
    }
}
