package dev.tdsmock.tls.bc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.certs.ServerIdentity;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BouncyCastleTlsHandlerTest {
    private static final int DHE_RSA_AES_128_GCM = CipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256;

    @TempDir
    static Path certificates;
    private static ServerIdentity identity;
    private ServerUnderTest server;

    @BeforeAll
    static void openStore() {
        identity = CertificateStore.open(certificates).server();
    }

    @AfterEach
    void everyBufferReleased() {
        if (server != null) {
            assertTrue(server.finishLeakFree(), server.allocator.unreleased() + " of "
                    + server.allocator.allocations() + " buffers the handler allocated were not released");
        }
    }

    @Test
    void jdkClientCompletesTls12AndDataFlowsBothWays() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        JdkClient client = JdkClient.tls12();

        server.converseWith(client);

        assertNull(client.failure());
        assertTrue(client.handshakeDone());
        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertEquals(List.of(SslHandshakeCompletionEvent.SUCCESS), server.eventsAfterTls);
        assertEquals("TLSv1.2", server.tls.protocol());
        assertEquals(client.engine().getSession().getCipherSuite(), server.tls.cipherSuite());
        assertEquals(2, server.outboundMessages(), "one write per server flight");
        assertEquals(2, server.flushes(), "one flush per server flight");
        assertNull(server.tls.dhExchange(), "an ECDHE suite was chosen");

        client.send("SELECT 1".getBytes(US_ASCII));
        server.converseWith(client);
        assertEquals("SELECT 1", new String(server.takeData(), US_ASCII));

        ChannelFuture written = server.channel.writeAndFlush(Unpooled.copiedBuffer("one row", US_ASCII));
        server.converseWith(client);
        assertTrue(written.isSuccess());
        assertEquals("one row", new String(client.takeReceived(), US_ASCII));
        assertTrue(server.channel.isOpen());
    }

    @Test
    void aForgedRecordAfterTheHandshakeIsReportedAsAnException() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        JdkClient client = JdkClient.tls12();
        server.converseWith(client);
        byte[] forged = new byte[5 + 40];
        forged[0] = 23;
        forged[1] = 3;
        forged[2] = 3;
        forged[4] = 40;

        server.offer(forged);

        BouncyCastleTlsException failure = assertInstanceOf(BouncyCastleTlsException.class,
                server.exceptionsAfterTls.get(0));
        assertEquals(AlertDescription.bad_record_mac, failure.alert());
        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertTrue(server.channel.isOpen());
        byte[] written = server.takeWritten();
        assertEquals(21, written[0], "the alert, encrypted");
        ChannelFuture late = server.channel.writeAndFlush(Unpooled.copiedBuffer("late", US_ASCII));
        assertFalse(late.isSuccess());
        assertEquals(0, server.takeWritten().length);
    }

    @Test
    void dataWrittenDuringTheHandshakeIsSentAfterIt() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        JdkClient client = JdkClient.tls12();
        server.offer(client.takeOutgoing());
        client.receive(server.takeWritten());

        ChannelFuture early = server.channel.writeAndFlush(Unpooled.copiedBuffer("too early", US_ASCII));
        assertFalse(early.isDone(), "held until the handshake ends");
        assertEquals(0, server.takeWritten().length);

        server.converseWith(client);
        assertTrue(client.handshakeDone());
        assertTrue(early.isSuccess());
        assertEquals("too early", new String(client.takeReceived(), US_ASCII));
    }

    @ParameterizedTest(name = "sendAlertOnFailure={0}")
    @ValueSource(booleans = {true, false})
    void tls10OnlyServerRefusesAClientThatOnlyDoesTls12(boolean sendAlert) throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withProtocols("TLSv1")
                .withSendAlertOnFailure(sendAlert));
        JdkClient client = JdkClient.tls12();

        server.offer(client.takeOutgoing());
        byte[] written = server.takeWritten();

        BouncyCastleTlsException failure = assertInstanceOf(BouncyCastleTlsException.class,
                server.tls.handshakeFuture().cause());
        assertEquals(AlertDescription.protocol_version, failure.alert());
        assertFalse(failure.alertFromClient());
        assertTrue(failure.getMessage().startsWith("protocol_version: "), failure.getMessage());
        assertTrue(failure.getMessage().contains("TLSv1.2") && failure.getMessage().contains("[TLSv1]"),
                failure.getMessage());
        SslHandshakeCompletionEvent event = assertInstanceOf(SslHandshakeCompletionEvent.class,
                server.eventsAfterTls.get(0));
        assertEquals(failure, event.cause());
        assertTrue(server.channel.isOpen(), "the caller decides how the connection ends");
        assertNull(server.tls.cipherSuite());

        if (sendAlert) {
            assertEquals(7, written.length, "one alert record");
            assertEquals(21, written[0], "content type alert");
            assertEquals(2, written[5], "fatal");
            assertEquals(AlertDescription.protocol_version, written[6]);
            assertEquals(1, server.flushes());
            client.receive(written);
            assertNotNull(client.failure(), "the client got the alert");
        } else {
            assertEquals(0, written.length, "nothing written after the ClientHello");
            assertEquals(0, server.flushes());
        }

        server.offer(new byte[] {0x16, 0x03, 0x03, 0x00, 0x01, 0x00});
        assertEquals(0, server.takeWritten().length, "later input is discarded");
    }

    @Test
    void bcClientOfferingOnlyTls10CompletesWithATls10Server() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withProtocols("TLSv1"));
        BcClient client = new BcClient(ProtocolVersion.TLSv10.only(), null, DhSecretHandling.STRIP_LEADING_ZEROS);

        server.converseWith(client);

        assertNull(client.failure());
        assertTrue(client.handshakeDone());
        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertEquals("TLSv1", server.tls.protocol());
        assertTrue(server.tls.cipherSuite().endsWith("_CBC_SHA"), server.tls.cipherSuite());

        client.send("over TLS 1.0".getBytes(US_ASCII));
        server.converseWith(client);
        assertEquals("over TLS 1.0", new String(server.takeData(), US_ASCII));
    }

    @Test
    void noCommonCipherSuiteIsAHandshakeFailureThatSaysSo() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity)
                .withCipherSuites(CipherSuite.TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256));
        JdkClient client = JdkClient.tls12();

        server.converseWith(client);

        BouncyCastleTlsException failure = assertInstanceOf(BouncyCastleTlsException.class,
                server.tls.handshakeFuture().cause());
        assertEquals(AlertDescription.handshake_failure, failure.alert());
        assertTrue(failure.getMessage().contains("no common cipher suite"), failure.getMessage());
        assertTrue(failure.getMessage().contains("TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256"), failure.getMessage());
        assertNotNull(client.failure(), "the client got the alert");
        assertFalse(client.handshakeDone());
    }

    @Test
    void jdkClientCompletesDheWithFfdhe2048() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withCipherSuites(DHE_RSA_AES_128_GCM));
        JdkClient client = JdkClient.tls12();

        server.converseWith(client);

        assertNull(client.failure());
        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", server.tls.cipherSuite());
        assertEquals("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", client.engine().getSession().getCipherSuite());
        DhExchange dh = server.tls.dhExchange();
        assertEquals(2048, dh.primeBits());
        assertEquals(256, dh.serverPublicValueAsSent().length, "padded to the length of p");
    }

    @Test
    void jdkClientAcceptsAShortServerPublicValue() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withCipherSuites(DHE_RSA_AES_128_GCM)
                .withDh(DhGroup.named("ffdhe2048"), DhSecretHandling.STRIP_LEADING_ZEROS, true));
        JdkClient client = JdkClient.tls12();

        server.converseWith(client);

        byte[] sent = server.tls.dhExchange().serverPublicValueAsSent();
        assertTrue(sent.length < 256, "Y sent in " + sent.length + " bytes");
        assertTrue(sent[0] != 0, "minimal encoding");
        assertNull(client.failure(), () -> "the JDK rejected the short value: " + client.failure());
        assertTrue(client.handshakeDone());
        assertTrue(server.tls.handshakeFuture().isSuccess());
    }

    @Test
    void alpnSelectsAProtocolBothSidesAccept() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withAlpn("tds/8.0"));
        JdkClient client = new JdkClient(List.of("TLSv1.2"), List.of(), List.of("h2", "tds/8.0"));

        server.converseWith(client);

        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertEquals("tds/8.0", server.tls.applicationProtocol());
        assertEquals("tds/8.0", client.engine().getApplicationProtocol());
    }

    @Test
    void alpnWithNothingInCommonFailsWithNoApplicationProtocol() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withAlpn("tds/8.0"));
        JdkClient client = new JdkClient(List.of("TLSv1.2"), List.of(), List.of("h2"));

        server.converseWith(client);

        BouncyCastleTlsException failure = assertInstanceOf(BouncyCastleTlsException.class,
                server.tls.handshakeFuture().cause());
        assertEquals(AlertDescription.no_application_protocol, failure.alert());
        assertEquals("no_application_protocol: no ALPN protocol in common: the client offers [h2], the server "
                + "accepts [tds/8.0]", failure.getMessage());
        assertNull(server.tls.applicationProtocol());
    }

    @Test
    void jdkClientCompletesTls13() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity).withProtocols("TLSv1.3", "TLSv1.2"));
        JdkClient client = new JdkClient(List.of("TLSv1.3"), List.of(), List.of());

        server.converseWith(client);

        assertNull(client.failure());
        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertEquals("TLSv1.3", server.tls.protocol());
        assertEquals(client.engine().getSession().getCipherSuite(), server.tls.cipherSuite());
        client.send("in TLS 1.3".getBytes(US_ASCII));
        server.converseWith(client);
        assertEquals("in TLS 1.3", new String(server.takeData(), US_ASCII));
    }

    @Test
    void closeSendsCloseNotifyAfterACompletedHandshake() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        JdkClient client = JdkClient.tls12();
        server.converseWith(client);

        ChannelFuture closed = server.channel.close();

        assertTrue(closed.isSuccess());
        assertFalse(server.channel.isOpen());
        byte[] written = server.takeWritten();
        assertTrue(written.length > 0 && written[0] == 21, "an alert record");
        client.receive(written);
        assertNull(client.failure());
        assertTrue(client.engine().isInboundDone(), "the client read close_notify");
    }

    @Test
    void closeBeforeTheHandshakeSendsNothingAndFailsTheHandshake() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        server.offer(JdkClient.tls12().takeOutgoing());
        server.takeWritten();
        ChannelFuture early = server.channel.write(Unpooled.copiedBuffer("never sent", US_ASCII));

        server.channel.close();

        assertEquals(0, server.takeWritten().length);
        assertFalse(early.isSuccess());
        BouncyCastleTlsException failure = assertInstanceOf(BouncyCastleTlsException.class,
                server.tls.handshakeFuture().cause());
        assertEquals(BouncyCastleTlsException.NO_ALERT, failure.alert());
    }

    @Test
    void clientCloseNotifyIsAnsweredAndReported() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        JdkClient client = JdkClient.tls12();
        server.converseWith(client);

        client.closeOutbound();
        server.converseWith(client);

        assertTrue(server.eventsAfterTls.contains(SslCloseCompletionEvent.SUCCESS), server.eventsAfterTls.toString());
        assertTrue(client.engine().isInboundDone(), "the server answered with close_notify");
    }

    @Test
    void handshakeRecordsSplitIntoSingleBytesStillComplete() throws Exception {
        server = new ServerUnderTest(BcTlsSettings.defaults(identity));
        JdkClient client = JdkClient.tls12();

        for (int round = 0; round < 10 && !client.handshakeDone(); round++) {
            for (byte b : client.takeOutgoing()) {
                server.offer(new byte[] {b});
            }
            client.receive(server.takeWritten());
        }

        assertTrue(client.handshakeDone());
        assertTrue(server.tls.handshakeFuture().isSuccess());
        assertEquals(2, server.flushes(), "still one flush per server flight");
        assertArrayEquals(new byte[0], server.takeData());
    }
}
