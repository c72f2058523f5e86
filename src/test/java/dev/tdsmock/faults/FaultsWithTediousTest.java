package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults met by Node's tedious (src/test/node/try-login.js); each test has its own server. */
@Timeout(120)
class FaultsWithTediousTest {
    private TdsServer server;

    @BeforeAll
    static void tedious() throws Exception {
        Node.requireTedious();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TdsServer start(String... faults) {
        server = TestServers.start("healthy");
        for (String fault : faults) {
            server.faults().add(FaultReader.read(fault));
        }
        return server;
    }

    private JsonNode login(int connectTimeoutMillis, String application) throws Exception {
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(server.port()),
                Integer.toString(connectTimeoutMillis), application, "SELECT 1"), 60);
        assertEquals(0, result.exitCode(), result.output());
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no JSON from try-login.js: " + result.output()));
        return JournalJson.mapper().readTree(line);
    }

    /**
     * A client that gives up while the server holds its login answer ends during login, by the client, and is
     * never recorded as logged in: the server sees it leave while it holds.
     */
    @Test
    void aClientThatLeavesDuringAHeldLoginEndsDuringLogin() throws Exception {
        start("{ type = delay, at = login, for = 8s }");
        JsonNode outcome = login(1500, "impatient");
        assertFalse(outcome.get("connected").asBoolean(), outcome.toString());
        assertEquals("ETIMEOUT", outcome.get("code").asText(), outcome.toString());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
        assertEquals("login", record.ending().during(), record.toString());
        assertFalse(record.phases().containsKey("logged-in"), record.toString());
        assertEquals("impatient", record.login().appName());
        assertEquals(List.of("delay"), record.faults().stream().map(ConnectionRecord.FaultFired::type).toList());
    }

    /** tedious retries a transient login error (40613) on a new connection by itself, and gets in on the third. */
    @Test
    void tediousGetsPastTransientLoginErrors() throws Exception {
        server = TestServers.start("transient-login-error");
        JsonNode outcome = login(15000, "retrying");
        assertTrue(outcome.get("connected").asBoolean(), outcome.toString());
        assertEquals("[1]", outcome.get("values").toString(), outcome.toString());
        List<ConnectionRecord> records = Journals.awaitEnded(server, 3);
        assertEquals(3, server.journal().records().size(), server.journal().records().toString());
        for (ConnectionRecord refused : records.subList(0, 2)) {
            assertEquals(List.of("login-error"), refused.faults().stream().map(ConnectionRecord.FaultFired::type).toList());
            assertTrue(refused.ending().reason().contains("40613: Database 'master' on server"), refused.toString());
            assertFalse(refused.phases().containsKey("logged-in"));
        }
        ConnectionRecord third = records.get(2);
        assertTrue(third.faults().isEmpty(), third.toString());
        assertTrue(third.phases().containsKey("logged-in"), third.toString());
    }

    @Test
    void loginErrorSkipAndMatch() throws Exception {
        start("{ type = login-error, number = 18456, skip = 1, match { application = \"batch-.*\" } }");
        assertTrue(login(15000, "batch-job").get("values").isArray(), "the first matching login is skipped");
        JsonNode refused = login(15000, "batch-job");
        assertFalse(refused.get("connected").asBoolean(), refused.toString());
        assertTrue(refused.get("error").asText().contains("Login failed for user 'sa'"), refused.toString());
        assertTrue(login(15000, "web").get("values").isArray(), "another application is not matched");
        List<ConnectionRecord> records = Journals.awaitEnded(server, 3);
        assertEquals(List.of(0, 1, 0), records.stream().map(r -> r.faults().size()).toList());
    }

    /** tedious sends a batch of SET options of its own once logged in: the first request is not the caller's. */
    @Test
    void closeAtRequestWithRst() throws Exception {
        start("{ type = close, at = request, ending = rst, skip = 1 }");
        JsonNode outcome = login(15000, "reader");
        assertTrue(outcome.get("connected").asBoolean(), outcome.toString());
        assertTrue(outcome.get("error").asText().contains("ECONNRESET"), outcome.toString());
        ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.RST, record.ending().kind());
        assertEquals("request", record.ending().during());
    }
}
