package dev.tdsmock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.TestServers;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The healthy scenario's TLS runs on BoringSSL, with TLS 1.3 kept out of TDS 7.x. */
class TlsContextsTest {
    private final Scenario healthy = new ScenarioLoader(TestServers.SCENARIOS).load("healthy");
    private final TlsContexts contexts = TlsContexts.create(healthy.tls(), TestServers.certificates().server());

    @Test
    void boringSslIsTheEngine() {
        assertTrue(OpenSsl.isAvailable(), "netty-tcnative BoringSSL loads on this platform");
        assertTrue(OpenSsl.versionString().contains("BoringSSL"), OpenSsl.versionString());
        assertInstanceOf(OpenSslContext.class, contexts.wrapped());
        assertInstanceOf(OpenSslContext.class, contexts.strict());
    }

    @Test
    void protocolsPerConnectionKind() {
        SslHandler wrapped = contexts.wrapped().newHandler(ByteBufAllocator.DEFAULT);
        SslHandler strict = contexts.strict().newHandler(ByteBufAllocator.DEFAULT);
        try {
            assertEquals(List.of("TLSv1.2"), enabled(wrapped));
            assertEquals(List.of("TLSv1.2", "TLSv1.3"), enabled(strict));
        } finally {
            wrapped.engine().closeOutbound();
            strict.engine().closeOutbound();
        }
    }

    private static List<String> enabled(SslHandler handler) {
        return Arrays.stream(handler.engine().getEnabledProtocols()).filter(p -> !p.equals("SSLv2Hello"))
                .sorted().toList();
    }
}
