package dev.tdsmock.proxy;

import dev.tdsmock.scenario.Scenario;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The listener's TLS client towards the upstream (the JDK's engine: TLS 1.2 and 1.3). With a trust-ca the
 * certificate must chain to it and name {@code host-name} (RFC 6125, as HTTPS checks it); without, any certificate is
 * taken. TDS 8.0 offers ALPN {@code tds/8.0} (MS-TDS 3.3.5.1 "TDS 8.0").
 */
final class UpstreamTls {
    static final String ALPN_TDS_8 = "tds/8.0";
    private static final Map<Key, SslContext> CONTEXTS = new ConcurrentHashMap<>();

    private record Key(Optional<Path> trustCa, boolean strict) {
    }

    private UpstreamTls() {
    }

    /**
     * @throws SSLException when the trust-ca file cannot be read as PEM certificates
     */
    static SslHandler handler(Scenario.Upstream upstream, ByteBufAllocator alloc) throws SSLException {
        SslContext context = context(new Key(upstream.trustCa(),
                upstream.encrypt() == Scenario.UpstreamEncryption.STRICT));
        SslHandler handler = context.newHandler(alloc, upstream.tlsName(), upstream.port());
        if (upstream.trustCa().isPresent()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    private static SslContext context(Key key) throws SSLException {
        SslContext known = CONTEXTS.get(key);
        if (known != null) {
            return known;
        }
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (key.trustCa().isPresent()) {
            builder.trustManager(key.trustCa().get().toFile());
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (key.strict()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, List.of(ALPN_TDS_8)));
        }
        SslContext built = builder.build();
        CONTEXTS.putIfAbsent(key, built);
        return CONTEXTS.get(key);
    }
}
