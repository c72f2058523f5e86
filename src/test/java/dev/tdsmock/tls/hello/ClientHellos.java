package dev.tdsmock.tls.hello;

import dev.tdsmock.support.TrustAll;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** The first flight of real TLS clients, as the bytes they would put on the wire. */
final class ClientHellos {
    static final String HOST = "localhost";
    static final int PORT = 1433;
    static final String ALPN = "tds/8.0";

    private ClientHellos() {
    }

    /** A JDK client engine asking for {@link #HOST} and ALPN {@link #ALPN}; its default protocols when none are given. */
    static SSLEngine jdkEngine(String... protocols) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
        SSLEngine engine = context.createSSLEngine(HOST, PORT);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(HOST)));
        parameters.setApplicationProtocols(new String[] {ALPN});
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    static byte[] firstFlight(SSLEngine engine) throws SSLException {
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
        if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesProduced() == 0) {
            throw new IllegalStateException("the engine wrote no ClientHello: " + result);
        }
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    static byte[] jdk(String... protocols) throws Exception {
        return firstFlight(jdkEngine(protocols));
    }

    /** A netty-tcnative (BoringSSL) client engine for {@link #HOST} with only the given protocols enabled. */
    static byte[] openSsl(String... protocols) throws Exception {
        return openSsl(SslContextBuilder.forClient(), HOST, protocols);
    }

    /** As {@link #openSsl(String...)}, for another host name and with ALPN {@link #ALPN}. */
    static byte[] openSslWithAlpn(String host, String... protocols) throws Exception {
        ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN);
        return openSsl(SslContextBuilder.forClient().applicationProtocolConfig(alpn), host, protocols);
    }

    private static byte[] openSsl(SslContextBuilder builder, String host, String... protocols) throws Exception {
        SslContext context = builder
                .sslProvider(SslProvider.OPENSSL)
                .protocols(protocols)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .build();
        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, host, PORT);
        try {
            return firstFlight(engine);
        } finally {
            engine.closeOutbound();
            ReferenceCountUtil.release(engine);
            ReferenceCountUtil.release(context);
        }
    }

    /** A Bouncy Castle client over BcTlsCrypto offering exactly the given versions. */
    static byte[] bouncyCastle(ProtocolVersion... versions) throws IOException {
        DefaultTlsClient client = new DefaultTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return versions.clone();
            }

            @Override
            public TlsAuthentication getAuthentication() {
                throw new UnsupportedOperationException("only the ClientHello is wanted");
            }
        };
        TlsClientProtocol protocol = new TlsClientProtocol();
        protocol.connect(client);
        byte[] bytes = new byte[protocol.getAvailableOutputBytes()];
        int read = protocol.readOutput(bytes, 0, bytes.length);
        if (read != bytes.length || read == 0) {
            throw new IllegalStateException("Bouncy Castle wrote " + read + " of " + bytes.length + " bytes");
        }
        protocol.close();
        return bytes;
    }

    static ClientHello parse(byte[] wire) {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        return ClientHelloParser.tryParse(in).orElseThrow(() -> new AssertionError("ClientHello incomplete"));
    }
}
