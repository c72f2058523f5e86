package dev.tdsmock.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;
import javax.net.ssl.SSLEngine;

/**
 * A finished TLS 1.2 handshake's secret as a line of the NSS key log format, {@code CLIENT_RANDOM <client random>
 * <master secret>} (hex), which Wireshark reads to decrypt a capture. From BoringSSL's own session (netty-tcnative
 * reads both); TLS 1.3, whose traffic secrets it does not hand out this way, gets none.
 */
public final class KeyLogs {
    private static final int TLS12_MASTER_SECRET_BYTES = 48;

    private KeyLogs() {
    }

    /** The line for {@code engine}'s handshake, when it is BoringSSL's and TLS 1.2 (or older). */
    static Optional<String> line(SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine openSsl)
                || "TLSv1.3".equals(engine.getSession().getProtocol())) {
            return Optional.empty();
        }
        byte[] clientRandom;
        byte[] masterSecret;
        synchronized (openSsl) {
            long ssl = openSsl.sslPointer();
            if (ssl == 0) {
                return Optional.empty(); // already freed
            }
            clientRandom = SSL.getClientRandom(ssl);
            masterSecret = SSL.getMasterKey(ssl);
        }
        if (clientRandom == null || masterSecret == null || masterSecret.length != TLS12_MASTER_SECRET_BYTES) {
            return Optional.empty();
        }
        return Optional.of("CLIENT_RANDOM " + HexFormat.of().formatHex(clientRandom) + " "
                + HexFormat.of().formatHex(masterSecret));
    }

    /** Appends {@code line} to {@code file}. */
    public static void append(Path file, String line) throws IOException {
        Files.write(file, (line + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
