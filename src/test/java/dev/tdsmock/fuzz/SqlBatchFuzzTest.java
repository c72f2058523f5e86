package dev.tdsmock.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.SqlBatch;
import dev.tdsmock.wire.TdsVersion;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SQLBatch text behind ALL_HEADERS: the captured statements, mutated; and any text read back as written. */
@Timeout(120)
class SqlBatchFuzzTest {
    @Test
    void mutatedBatchesParseOrAreRefused() {
        List<byte[]> seeds = Seeds.sqlBatches();
        assertTrue(seeds.size() > 5, "captured statements: " + seeds.size());
        assertTrue(Fuzz.mutants(Targets.SQL_BATCH, seeds) > Fuzz.tries());
    }

    @Test
    void capturedStatementsReadAsSent() {
        List<String> texts = Seeds.batchTexts();
        List<byte[]> batches = Seeds.sqlBatches();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), SqlBatch.text(Unpooled.wrappedBuffer(batches.get(i)), TdsVersion.V7_4));
        }
    }

    @Test
    void anyTextReadsBackAsWritten() {
        Fuzz.forAll("SQLBatch round trip", random -> Texts.any(random, 300), text -> {
            byte[] batch = Mutator.concat(Seeds.allHeaders(), text.getBytes(StandardCharsets.UTF_16LE));
            assertEquals(text, SqlBatch.text(Unpooled.wrappedBuffer(batch), TdsVersion.V7_4));
            byte[] old = text.getBytes(StandardCharsets.UTF_16LE);
            assertEquals(text, SqlBatch.text(Unpooled.wrappedBuffer(old), TdsVersion.V7_1));
        });
    }
}
