package dev.tdsmock.tls;

import dev.tdsmock.certs.ServerIdentity;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.hello.TlsNames;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BoringSSL contexts of one scenario: one for TLS inside TDS 7.x PRELOGIN packets, one for TDS 8.0
 * strict connections (TLS first, ALPN {@code tds/8.0}).
 */
public final class TlsContexts {
    public static final String ALPN_TDS_8 = "tds/8.0";
    private static final String IN_MEMORY_KEY_STORE = "JKS";
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private final SslContext wrapped;
    private final SslContext strict;

    private TlsContexts(SslContext wrapped, SslContext strict) {
        this.wrapped = wrapped;
        this.strict = strict;
    }

    public static TlsContexts create(Scenario.TlsSettings settings, ServerIdentity identity) {
        SslProvider provider = provider();
        try {
            SslContext wrapped = builder(settings, identity, provider, settings.protocols()).build();
            SslContext strict = builder(settings, identity, provider, settings.strictProtocols())
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN_TDS_8))
                    .build();
            // for captures: BoringSSL's secrets of every TLS version (KeyLogs)
            KeyLogs.install(wrapped);
            KeyLogs.install(strict);
            return new TlsContexts(wrapped, strict);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SslContextBuilder builder(Scenario.TlsSettings settings, ServerIdentity identity,
                                             SslProvider provider, List<String> protocols) {
        SslContextBuilder builder = SslContextBuilder.forServer(identity.key(), identity.chain())
                .sslProvider(provider)
                // Netty hands the key to BoringSSL through a key store that only ever lives in memory. The default
                // type, PKCS12, encrypts the key and decrypts it again with 10,000 rounds of PBKDF2 each way (most of
                // the time a context takes); JKS protects it with a few SHA-1 hashes, enough for a store that never
                // leaves the process.
                .keyStoreType(IN_MEMORY_KEY_STORE)
                .trustManager(NoClientCertificates.INSTANCE)
                .protocols(protocols);
        if (!settings.cipherSuites().isEmpty()) {
            builder.ciphers(settings.cipherSuites().stream().map(TlsNames::cipherSuite).toList());
        }
        return builder;
    }

    /**
     * Loads BoringSSL (netty-tcnative) and readies Netty's OpenSSL support, which the first context would do
     * otherwise; a start does it while other work goes on. Nothing happens when it cannot load: the first
     * context says so and uses the JDK's TLS, as always.
     */
    public static void prepare() {
        OpenSsl.isAvailable();
    }

    private static SslProvider provider() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        LOG.warn("BoringSSL (netty-tcnative) is not available on this platform, using the JDK's TLS instead: {}",
                String.valueOf(OpenSsl.unavailabilityCause()));
        return SslProvider.JDK;
    }

    /** For TLS carried in TDS 7.x PRELOGIN packets. */
    public SslContext wrapped() {
        return wrapped;
    }

    /** For TDS 8.0 strict connections. */
    public SslContext strict() {
        return strict;
    }
}
