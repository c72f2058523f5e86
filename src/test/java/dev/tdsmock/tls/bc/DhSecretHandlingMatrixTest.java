package dev.tdsmock.tls.bc;

import static dev.tdsmock.tls.bc.DhSecretHandling.ALWAYS_EXTRA_ZERO;
import static dev.tdsmock.tls.bc.DhSecretHandling.KEEP_LEADING_ZEROS;
import static dev.tdsmock.tls.bc.DhSecretHandling.STRIP_LEADING_ZEROS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.certs.ServerIdentity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.DHStandardGroups;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that pads and one that strips, against each way the server can handle Z. Handshakes repeat until one has
 * a Z with a leading zero byte (about 1 in 256), over a custom group (RFC 2409's 768-bit prime, sent explicitly)
 * and over ffdhe2048.
 */
class DhSecretHandlingMatrixTest {
    private static final int MAX_HANDSHAKES = 3000;
    private static final int MIN_HANDSHAKES = 20;
    private static final int DHE_RSA_AES_128_GCM = CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256;
    private static final DhGroup GROUP_768 = DhGroup.custom(DHStandardGroups.rfc2409_768.getP(),
            DHStandardGroups.rfc2409_768.getG());

    @TempDir
    static Path certificates;
    private static ServerIdentity identity;

    @BeforeAll
    static void openStore() {
        identity = CertificateStore.open(certificates).server();
    }

    static Stream<Arguments> groupServerAndClient() {
        DhSecretHandling[][] pairs = {
            {STRIP_LEADING_ZEROS, STRIP_LEADING_ZEROS},
            {KEEP_LEADING_ZEROS, KEEP_LEADING_ZEROS},
            {KEEP_LEADING_ZEROS, STRIP_LEADING_ZEROS},
            {STRIP_LEADING_ZEROS, KEEP_LEADING_ZEROS},
            {ALWAYS_EXTRA_ZERO, STRIP_LEADING_ZEROS},
            {ALWAYS_EXTRA_ZERO, KEEP_LEADING_ZEROS}};
        return Stream.of(GROUP_768, DhGroup.named("ffdhe2048"))
                .flatMap(group -> Stream.of(pairs).map(pair -> Arguments.of(group, pair[0], pair[1])));
    }

    @ParameterizedTest(name = "{0}: server {1}, client {2}")
    @MethodSource("groupServerAndClient")
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void handshakeSucceedsExactlyWhenBothSidesEncodeZAlike(DhGroup group, DhSecretHandling server,
                                                           DhSecretHandling client) throws Exception {
        BcTlsSettings settings = BcTlsSettings.defaults(identity).withCipherSuites(DHE_RSA_AES_128_GCM)
                .withDh(group, server, false);
        int handshakes = 0;
        int withLeadingZero = 0;
        while ((withLeadingZero == 0 || handshakes < MIN_HANDSHAKES) && handshakes < MAX_HANDSHAKES) {
            handshakes++;
            boolean leadingZero = handshake(settings, client, server);
            withLeadingZero += leadingZero ? 1 : 0;
        }
        assertTrue(withLeadingZero > 0, "no Z with a leading zero byte in " + handshakes + " handshakes");
    }

    /** Runs one handshake, checks its outcome against the rule, and says whether Z had a leading zero byte. */
    private static boolean handshake(BcTlsSettings settings, DhSecretHandling clientHandling,
                                     DhSecretHandling serverHandling) throws Exception {
        ServerUnderTest server = new ServerUnderTest(settings);
        BcClient client = new BcClient(ProtocolVersion.TLSv12.only(), new int[] {DHE_RSA_AES_128_GCM},
                clientHandling);

        server.converseWith(client);

        DhExchange serverSaw = server.tls.dhExchange();
        boolean leadingZero = serverSaw.secretHadLeadingZero();
        assertEquals(settings.dhGroup().primeBits(), serverSaw.primeBits());
        assertEquals(leadingZero, client.dhExchange().secretHadLeadingZero(), "both sides computed the same Z");
        boolean expected = sameBytes(serverHandling, clientHandling, leadingZero);
        String what = serverHandling + " server, " + clientHandling + " client, leading zero " + leadingZero;
        assertEquals(expected, server.tls.handshakeFuture().isSuccess(), what);
        assertEquals(expected, client.handshakeDone(), what);
        if (expected) {
            assertNull(client.failure(), what);
        } else {
            BouncyCastleTlsException failure = assertInstanceOf(BouncyCastleTlsException.class,
                    server.tls.handshakeFuture().cause());
            assertEquals(AlertDescription.bad_record_mac, failure.alert(), what + ": " + failure.getMessage());
            assertTrue(failure.getMessage().startsWith("bad_record_mac: "), failure.getMessage());
        }
        assertTrue(server.finishLeakFree(), what + ": buffers left unreleased");
        return leadingZero;
    }

    /** Whether the two premaster secrets are the same bytes, worked out from the rules rather than the code. */
    private static boolean sameBytes(DhSecretHandling server, DhSecretHandling client, boolean leadingZero) {
        if (server == ALWAYS_EXTRA_ZERO) {
            return false;
        }
        return server == client || !leadingZero;
    }
}
