package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.ClientHelloParser;
import dev.tdsmock.tls.hello.LegacyClientHello;
import dev.tdsmock.tls.hello.MalformedClientHelloException;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ClientHello reader: every captured client's offer, rebuilt as a record, mutated; the offers read back as
 * captured; and the copy without supported_versions reads as the same offer without them.
 */
@Timeout(120)
class ClientHelloFuzzTest {
    @Test
    void mutatedHellosParseOrAreRefused() {
        List<byte[]> seeds = Seeds.clientHellos();
        assertTrue(seeds.size() > 10, "offers of many clients: " + seeds.size());
        assertTrue(Fuzz.mutants(Targets.CLIENT_HELLO, seeds, Fuzz::clientHelloLengths) > Fuzz.tries());
    }

    @Test
    void capturedOffersReadAsCaptured() {
        List<CapturedClientHellos.Offer> offers = CapturedClientHellos.all();
        assertTrue(offers.size() > 30, "offers: " + offers.size());
        for (CapturedClientHellos.Offer offer : offers) {
            ClientHello hello = parse(offer.record()).orElseThrow();
            String where = offer.file();
            assertEquals(offer.cipherSuites(), hello.cipherSuites(), where);
            assertEquals(offer.groups(), hello.supportedGroups(), where);
            assertEquals(offer.supportedVersions(), hello.supportedVersions(), where);
            assertEquals(offer.serverName(), hello.serverName(), where);
            assertEquals(offer.alpn(), hello.alpn(), where);
            assertEquals(offer.legacyVersion(), hello.legacyVersion(), where);
        }
    }

    /** Any hello the reader takes, mutated or not, is taken without supported_versions too, offering the same. */
    @Test
    void theLegacyCopyOffersTheSameWithoutSupportedVersions() {
        List<byte[]> seeds = Seeds.clientHellos();
        int[] parsed = {0};
        Fuzz.forAll("ClientHello legacy copy", random -> {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            return random.nextInt(3) == 0 ? seed : Mutator.apply(seed, seeds, Mutator.edits(random));
        }, bytes -> {
            Optional<ClientHello> hello;
            try {
                hello = parse(bytes);
            } catch (MalformedClientHelloException refused) {
                return;
            }
            if (hello.isEmpty()) {
                return;
            }
            parsed[0]++;
            ClientHello legacy = parse(LegacyClientHello.withoutSupportedVersions(Unpooled.wrappedBuffer(bytes)))
                    .orElseThrow(() -> new AssertionError("the legacy copy is not a whole ClientHello"));
            assertEquals(List.of(), legacy.supportedVersions());
            assertEquals(hello.get().cipherSuites(), legacy.cipherSuites());
            assertEquals(hello.get().supportedGroups(), legacy.supportedGroups());
            assertEquals(hello.get().serverName(), legacy.serverName());
            assertEquals(hello.get().alpn(), legacy.alpn());
            assertEquals(hello.get().legacyVersion(), legacy.legacyVersion());
            assertEquals(hello.get().extensionTypes().stream().filter(type -> type != 43).toList(),
                    legacy.extensionTypes());
        });
        assertTrue(parsed[0] > Fuzz.tries() / 3, "hellos taken: " + parsed[0]);
    }

    private static Optional<ClientHello> parse(byte[] bytes) {
        return ClientHelloParser.tryParse(Unpooled.wrappedBuffer(bytes));
    }
}
