package dev.tdsmock.tls.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The versions a ClientHello offers, and its log line. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientHelloTest {

    @Test
    void supportedVersionsNewestFirstWithoutGrease() {
        ClientHello hello = hello(0x0303, List.of(0x0303, 0x7A7A, 0x0304, 0x0302));

        assertEquals(List.of(0x0304, 0x0303, 0x0302), hello.offeredVersions());
        assertEquals(List.of(0x0303, 0x7A7A, 0x0304, 0x0302), hello.supportedVersions());
        assertFalse(hello.offersVersion(0x7A7A));
        assertFalse(hello.offersVersion(0x0301));
    }

    @Test
    void withoutSupportedVersionsEveryVersionUpToTheLegacyOne() {
        assertEquals(List.of(0x0302, 0x0301), hello(0x0302, List.of()).offeredVersions());
        assertEquals(List.of(0x0301), hello(0x0301, List.of()).offeredVersions());
        assertEquals(List.of(0x0300), hello(0x0300, List.of()).offeredVersions());
        assertEquals(List.of(), hello(0x0200, List.of()).offeredVersions());
    }

    @Test
    void legacyVersionAloneNeverOffersTls13() {
        assertEquals(List.of(0x0303, 0x0302, 0x0301), hello(0x0304, List.of()).offeredVersions());
    }

    @Test
    void listsAreCopies() {
        List<Integer> suites = new ArrayList<>(List.of(0x1301));
        ClientHello hello = new ClientHello(0x0301, 0x0303, List.of(), suites, List.of(0), List.of(), null,
                List.of(), List.of(), List.of(), List.of(), List.of());
        suites.add(0x1302);

        assertEquals(List.of(0x1301), hello.cipherSuites());
        assertThrows(UnsupportedOperationException.class, () -> hello.cipherSuites().add(1));
    }

    @Test
    void summaryStaysShortWhateverTheClientSent() {
        List<Integer> manySuites = IntStream.range(0, 30_000).boxed().toList();
        String longName = "a".repeat(60_000);
        ClientHello hello = new ClientHello(0x0301, 0x0303, List.of(), manySuites, List.of(0), List.of(), longName,
                List.of("x".repeat(200), "tds/8.0\r\nforged"), manySuites, manySuites, List.of(), List.of());

        String summary = hello.summary();

        assertTrue(summary.length() < 1_000, summary.length() + " characters: " + summary);
        assertTrue(summary.startsWith("versions=[TLSv1.2, TLSv1.1, TLSv1] suites=30000 [TLS_NULL_WITH_NULL_NULL, "), summary);
        assertTrue(summary.contains(" sni=" + "a".repeat(64) + "... "), summary);
        assertTrue(summary.contains("tds/8.0\\x0D\\x0Aforged"), summary);
        assertFalse(summary.contains("\n"), summary);
    }

    @Test
    void summaryOfAHelloWithoutExtensions() {
        ClientHello hello = new ClientHello(0x0300, 0x0300, List.of(), List.of(0x000A), List.of(0), List.of(), null,
                List.of(), List.of(), List.of(), List.of(), List.of());

        assertEquals("versions=[SSLv3] suites=1 [TLS_RSA_WITH_3DES_EDE_CBC_SHA] groups=[] sigalgs=[] sni=- alpn=[]",
                hello.summary());
    }

    private static ClientHello hello(int legacyVersion, List<Integer> supportedVersions) {
        return new ClientHello(0x0301, legacyVersion, supportedVersions, List.of(0x002F), List.of(0), List.of(), null,
                List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
