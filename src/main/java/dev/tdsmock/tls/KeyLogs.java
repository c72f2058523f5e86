package dev.tdsmock.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.KeyLogCallback;
import io.netty.internal.tcnative.SSL;
import io.netty.internal.tcnative.SSLContext;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BoringSSL's handshake secrets as lines of the NSS key log format, which Wireshark reads to decrypt a capture:
 * {@code CLIENT_RANDOM <client random> <master secret>} for TLS 1.2 and older, and for TLS 1.3 the traffic secrets
 * of RFC 8446 7.1 ({@code CLIENT_HANDSHAKE_TRAFFIC_SECRET}, {@code SERVER_HANDSHAKE_TRAFFIC_SECRET},
 * {@code CLIENT_TRAFFIC_SECRET_0}, {@code SERVER_TRAFFIC_SECRET_0}, {@code EXPORTER_SECRET}), each followed by the
 * client random and the secret in hex.
 *
 * <p>BoringSSL hands every line to a key log callback set on its context ({@code SSL_CTX_set_keylog_callback}),
 * which netty-tcnative reaches with the handle of its own context; Netty keeps that handle in a field it does not
 * publish, read here once per context. Where that fails, TLS 1.2 secrets are still read from the finished session
 * ({@code SSL_SESSION_get_master_key}); TLS 1.3 then gets none.
 */
public final class KeyLogs {
    private static final Logger LOG = LoggerFactory.getLogger(KeyLogs.class);
    private static final int TLS12_MASTER_SECRET_BYTES = 48;
    /** The handshakes whose secrets are wanted, by BoringSSL's SSL pointer. */
    private static final Map<Long, Collector> COLLECTING = new ConcurrentHashMap<>();
    private static final KeyLogCallback CALLBACK = (ssl, line) -> {
        Collector collector = COLLECTING.get(ssl);
        if (collector != null) {
            collector.add(new String(line, StandardCharsets.US_ASCII));
        }
    };

    private KeyLogs() {
    }

    /** Hands the context's key log lines to {@link #collect}; true when BoringSSL took the callback. */
    static boolean install(SslContext context) {
        if (!(context instanceof ReferenceCountedOpenSslContext openSsl)) {
            return false;
        }
        try {
            Field handle = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            handle.setAccessible(true);
            return SSLContext.setKeyLogCallback(handle.getLong(openSsl), CALLBACK);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.debug("no key log callback on this netty-tcnative ({}): captures get TLS 1.2 secrets only",
                    e.toString());
            return false;
        }
    }

    /**
     * Starts keeping the lines BoringSSL logs for this engine's handshake, until {@link Collector#close}; a collector
     * that stays empty for any other engine.
     */
    static Collector collect(SSLEngine engine) {
        Collector collector = new Collector(engine);
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            synchronized (openSsl) {
                long ssl = openSsl.sslPointer();
                if (ssl != 0) {
                    collector.ssl = ssl;
                    COLLECTING.put(ssl, collector);
                }
            }
        }
        return collector;
    }

    /** One handshake's key log lines, in the order BoringSSL logged them. */
    static final class Collector implements AutoCloseable {
        private final SSLEngine engine;
        private final List<String> lines = new ArrayList<>();
        private long ssl;

        private Collector(SSLEngine engine) {
            this.engine = engine;
        }

        private synchronized void add(String line) {
            lines.add(line);
        }

        /**
         * The lines logged so far; for a TLS 1.2 handshake whose context took no callback, the line made from the
         * finished session instead.
         */
        synchronized List<String> lines() {
            if (lines.isEmpty()) {
                return tls12Line(engine).map(List::of).orElse(List.of());
            }
            return List.copyOf(lines);
        }

        /** Stops collecting (the handshake is over); the lines stay. */
        @Override
        public void close() {
            if (ssl != 0) {
                COLLECTING.remove(ssl, this);
            }
        }
    }

    /** The TLS 1.2 (or older) line of a finished BoringSSL handshake, read from its session. */
    private static java.util.Optional<String> tls12Line(SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine openSsl)
                || "TLSv1.3".equals(engine.getSession().getProtocol())) {
            return java.util.Optional.empty();
        }
        byte[] clientRandom;
        byte[] masterSecret;
        synchronized (openSsl) {
            long ssl = openSsl.sslPointer();
            if (ssl == 0) {
                return java.util.Optional.empty(); // already freed
            }
            clientRandom = SSL.getClientRandom(ssl);
            masterSecret = SSL.getMasterKey(ssl);
        }
        if (clientRandom == null || masterSecret == null || masterSecret.length != TLS12_MASTER_SECRET_BYTES) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("CLIENT_RANDOM " + HexFormat.of().formatHex(clientRandom) + " "
                + HexFormat.of().formatHex(masterSecret));
    }

    /** Appends the lines to {@code file}. */
    public static void append(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
