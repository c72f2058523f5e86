package dev.tdsmock.tls.bc;

import dev.tdsmock.support.TrustAll;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** The JDK's SSLEngine as a client, from a fresh SSLContext that trusts any server. */
final class JdkClient implements ClientPeer {
    private final SSLEngine engine;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final ByteArrayOutputStream outgoing = new ByteArrayOutputStream();
    private ByteBuffer toSend = ByteBuffer.allocate(0);
    private ByteBuffer unread = ByteBuffer.allocate(0);
    private boolean handshakeDone;
    private SSLException failure;

    JdkClient(List<String> protocols, List<String> cipherSuites, List<String> alpn) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        engine = context.createSSLEngine("tds-mock.test", 1433);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols.toArray(String[]::new));
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        if (!alpn.isEmpty()) {
            parameters.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        engine.beginHandshake();
    }

    static JdkClient tls12() throws Exception {
        return new JdkClient(List.of("TLSv1.2"), List.of(), List.of());
    }

    SSLEngine engine() {
        return engine;
    }

    void closeOutbound() {
        engine.closeOutbound();
    }

    @Override
    public byte[] takeOutgoing() {
        pump();
        byte[] out = outgoing.toByteArray();
        outgoing.reset();
        return out;
    }

    @Override
    public void receive(byte[] tls) {
        ByteBuffer joined = ByteBuffer.allocate(unread.remaining() + tls.length);
        joined.put(unread).put(tls).flip();
        unread = joined;
        pump();
    }

    /** Wraps and unwraps for as long as the engine makes progress. */
    private void pump() {
        boolean progress = true;
        while (progress && failure == null) {
            runTasks();
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_WRAP || (handshakeDone && toSend.hasRemaining())) {
                progress = wrap();
            } else if (unread.hasRemaining()) {
                progress = unwrap();
            } else {
                progress = false;
            }
        }
        if (failure != null) {
            // after a failure the engine still has its alert to send
            while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP && wrap()) {
                runTasks();
            }
        }
    }

    private boolean wrap() {
        ByteBuffer network = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        try {
            SSLEngineResult result = engine.wrap(toSend, network);
            noteFinished(result);
            outgoing.write(network.array(), 0, network.position());
            return result.bytesProduced() > 0 || result.bytesConsumed() > 0;
        } catch (SSLException e) {
            failure = e;
            return false;
        }
    }

    private boolean unwrap() {
        ByteBuffer plain = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        try {
            SSLEngineResult result = engine.unwrap(unread, plain);
            noteFinished(result);
            received.write(plain.array(), 0, plain.position());
            return result.getStatus() == SSLEngineResult.Status.OK && result.bytesConsumed() > 0;
        } catch (SSLException e) {
            failure = e;
            return false;
        }
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
        ByteBuffer joined = ByteBuffer.allocate(toSend.remaining() + plain.length);
        joined.put(toSend).put(plain).flip();
        toSend = joined;
    }

    @Override
    public byte[] takeReceived() {
        byte[] data = received.toByteArray();
        received.reset();
        return data;
    }

    private void noteFinished(SSLEngineResult result) {
        if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            handshakeDone = true;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
