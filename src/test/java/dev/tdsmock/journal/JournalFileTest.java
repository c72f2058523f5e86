package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.support.Login7Builder;
import dev.tdsmock.wire.Login7Parser;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalFileTest {
    @Test
    void oneJsonLinePerConnectionWithoutThePassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/journal.jsonl");
        ConnectionRecord first = new ConnectionRecord(1, 1433, "healthy", "10.1.2.3", 50000);
        first.phase("accept");
        first.login(Login7Parser.parse(Unpooled.wrappedBuffer(
                new Login7Builder().user("app").password("TopSecret!").database("orders").build())));
        first.statement("SELECT 1");
        first.ending(Ending.byClient(Ending.Kind.CLOSE, "closed by the client during logged in"));
        first.churn(new ChurnCounters.Ports(3199, 1, 4000, 240, java.time.Instant.parse("2026-01-02T03:04:05Z")));
        first.ended();
        ConnectionRecord second = new ConnectionRecord(2, 14331, "tls10-only", "10.1.2.4", 50001);
        second.tlsFault("no common TLS version");
        second.ending(Ending.byServer(Ending.Kind.RST, "handshake refused before ServerHello"));
        second.ended();

        try (JournalFile journal = new JournalFile(file)) {
            journal.append(first);
            journal.append(second);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size());
        JsonNode one = JournalJson.mapper().readTree(lines.get(0));
        assertEquals("10.1.2.3", one.get("clientAddress").asText());
        assertEquals("app", one.get("login").get("user").asText());
        assertEquals("orders", one.get("login").get("database").asText());
        assertEquals("SELECT 1", one.get("statements").get(0).asText());
        assertFalse(lines.get(0).contains("TopSecret!"), "never the password");
        JsonNode churn = one.get("churn");
        assertEquals(3199, churn.get("clientTimeWait").asInt());
        assertEquals(1, churn.get("open").asInt());
        assertEquals(3200, churn.get("portsUsed").asInt());
        assertEquals(4000, churn.get("clientPorts").asInt());
        assertEquals(80.0, churn.get("portsUsedPercent").asDouble());
        assertEquals("240s", churn.get("timeWait").asText());
        assertEquals("2026-01-02T03:04:05Z", churn.get("oldestTimeWaitEnds").asText());
        JsonNode two = JournalJson.mapper().readTree(lines.get(1));
        assertEquals("RST", two.get("ending").get("kind").asText());
        assertEquals("SERVER", two.get("ending").get("by").asText());
        assertEquals("no common TLS version", two.get("tlsFault").asText());
        assertTrue(two.get("churn").isNull(), "no churn figures given");
    }
}
