package dev.tdsmock.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSession;

/** Netty's SslHandler over BoringSSL (or the JDK where netty-tcnative cannot load). */
final class BoringSslEngine implements ServerTlsEngine {
    private static final Pattern RECEIVED_ALERT = Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z_]+)");
    private final SslHandler handler;
    private KeyLogs.Collector secrets;

    BoringSslEngine(SslHandler handler) {
        this.handler = handler;
        // SslHandler gives up after 10 s of its own; tls.handshake-timeout is the only limit on a handshake
        handler.setHandshakeTimeoutMillis(0);
        // SQL Server encrypts each TDS packet on its own, so no TLS record holds more than a packet; some clients
        // (jTDS) read records into a buffer of about that size and fail on the 16 KB records SslHandler would make
        handler.setWrapDataSize(ServerTlsEngine.MAX_RECORD_PLAINTEXT);
    }

    @Override
    public void collectSecrets() {
        KeyLogs.Collector collector = KeyLogs.collect(handler.engine());
        secrets = collector;
        handler.handshakeFuture().addListener(done -> collector.close());
    }

    @Override
    public List<String> keyLogLines() {
        return secrets == null ? List.of() : secrets.lines();
    }

    @Override
    public ChannelHandler handler() {
        return handler;
    }

    @Override
    public Future<Channel> handshakeFuture() {
        return handler.handshakeFuture();
    }

    /** BoringSSL reports an alert it received as SSLV3_ALERT_* or TLSV1_ALERT_* (ssl/tls_record.cc). */
    @Override
    public Optional<String> refusedByClient(Throwable cause) {
        for (Throwable link = cause; link != null; link = link.getCause()) {
            Matcher received = RECEIVED_ALERT.matcher(String.valueOf(link.getMessage()));
            if (received.find()) {
                return Optional.of("fatal alert " + received.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    @Override
    public String negotiated() {
        SSLSession session = handler.engine().getSession();
        String alpn = handler.applicationProtocol();
        return session.getProtocol() + " " + session.getCipherSuite() + (alpn == null ? "" : " ALPN " + alpn);
    }
}
