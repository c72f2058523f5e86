package dev.tdsmock.tls;

import dev.tdsmock.certs.ServerIdentity;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.tls.bc.BcTlsSettings;
import dev.tdsmock.tls.bc.BouncyCastleTlsHandler;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/** Makes each connection's TLS engine, as the scenario says: BoringSSL or Bouncy Castle. */
public final class TlsEngines {
    private final Scenario.TlsSettings settings;
    private final ServerIdentity identity;
    private final TlsContexts boringSsl;

    public TlsEngines(Scenario.TlsSettings settings, ServerIdentity identity) {
        this.settings = settings;
        this.identity = identity;
        this.boringSsl = settings.engine() == Scenario.TlsEngineKind.BORINGSSL
                ? TlsContexts.create(settings, identity) : null;
    }

    /** For TLS inside TDS 7.x PRELOGIN packets. */
    public ServerTlsEngine wrapped(ByteBufAllocator allocator) {
        if (boringSsl != null) {
            return new BoringSslEngine(boringSsl.wrapped().newHandler(allocator));
        }
        return bouncyCastle(settings.protocols(), List.of());
    }

    /** For TDS 8.0 strict connections: TLS first, ALPN tds/8.0. */
    public ServerTlsEngine strict(ByteBufAllocator allocator) {
        if (boringSsl != null) {
            return new BoringSslEngine(boringSsl.strict().newHandler(allocator));
        }
        return bouncyCastle(settings.strictProtocols(), List.of(TlsContexts.ALPN_TDS_8));
    }

    private ServerTlsEngine bouncyCastle(List<String> protocols, List<String> alpn) {
        BcTlsSettings bc = new BcTlsSettings(protocols, settings.cipherSuites(), settings.dh().group(),
                settings.dh().secret(), settings.dh().shortPublicKey(), alpn,
                settings.failureEnding() == Ending.Kind.ALERT, identity);
        return new BouncyCastleEngine(new BouncyCastleTlsHandler(bc), settings.dh().secret());
    }

    /**
     * The cipher suites (IANA codes) the engine would pick from, for TLS in PRELOGIN packets or TDS 8.0 strict: the
     * scenario's list when it has one, else BoringSSL's enabled ones; empty when neither says (Bouncy Castle's
     * defaults). Suites with names the JDK does not know are left out.
     */
    public List<Integer> enabledCipherSuites(boolean strict) {
        if (!settings.cipherSuites().isEmpty()) {
            return settings.cipherSuites();
        }
        if (boringSsl == null) {
            return List.of();
        }
        List<Integer> codes = new java.util.ArrayList<>();
        for (String name : (strict ? boringSsl.strict() : boringSsl.wrapped()).cipherSuites()) {
            try {
                codes.add(dev.tdsmock.tls.hello.TlsNames.cipherSuiteCode(name));
            } catch (IllegalArgumentException unknown) {
                // a name only OpenSSL uses: not one a ClientHello lists by code here
            }
        }
        return List.copyOf(codes);
    }

    public Scenario.TlsSettings settings() {
        return settings;
    }

    public ServerIdentity identity() {
        return identity;
    }
}
