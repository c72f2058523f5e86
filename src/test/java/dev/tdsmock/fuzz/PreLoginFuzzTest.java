package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.PreLoginCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PRELOGIN option tables: every captured client's, mutated; and the server's own answer read back. */
@Timeout(120)
class PreLoginFuzzTest {
    @Test
    void mutatedCapturesParseOrAreRefused() {
        List<byte[]> seeds = Seeds.preLoginPayloads();
        assertTrue(seeds.size() > 30, "captures of many clients: " + seeds.size());
        assertTrue(Fuzz.mutants(Targets.PRELOGIN, seeds) > Fuzz.tries());
    }

    @Test
    void everyCapturedPreLoginHasAVersion() {
        for (byte[] payload : Seeds.preLoginPayloads()) {
            assertNotNull(PreLoginCodec.decode(Unpooled.wrappedBuffer(payload)).version());
        }
    }

    /** What the server writes, the decoder reads back as written. */
    @Test
    void theServersAnswerReadsBack() {
        record Answer(PreLogin.Version version, int encryption, boolean fedAuth) {
        }
        Fuzz.forAll("PRELOGIN answer", random -> new Answer(new PreLogin.Version(random.nextInt(256),
                random.nextInt(256), random.nextInt(65536), random.nextInt(65536)), random.nextInt(256),
                random.nextBoolean()), answer -> {
                    ByteBuf out = Unpooled.buffer();
                    PreLoginCodec.encodeReply(out, answer.version(), answer.encryption(), answer.fedAuth());
                    PreLogin read = PreLoginCodec.decode(out);
                    assertEquals(answer.version(), read.version());
                    assertEquals(answer.encryption(), read.encryption());
                    assertEquals("", read.instance());
                    assertNull(read.threadId());
                    assertEquals(0, read.mars());
                    assertEquals(answer.fedAuth() ? Integer.valueOf(0) : null, read.fedAuthRequired());
                    assertTrue(read.unknownOptions().isEmpty());
                });
    }
}
