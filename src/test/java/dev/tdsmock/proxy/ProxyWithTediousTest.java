package dev.tdsmock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault proxy with Node's tedious: TDS 8.0 strict and TDS 7.4 through it, rows, parameters and faults. */
@Timeout(120)
class ProxyWithTediousTest {
    private TdsServer upstream;
    private TdsServer proxy;

    @BeforeAll
    static void tedious() throws Exception {
        Node.requireTedious();
    }

    @BeforeEach
    void start() {
        upstream = TestServers.start("healthy");
        Scenario scenario = new ScenarioLoader(TestServers.SCENARIOS).load("healthy").withListener("127.0.0.1", 0);
        proxy = TdsServer.start(scenario.withUpstream("127.0.0.1", upstream.port()), TestServers.certificates());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private JsonNode session(String application, String encrypt) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "proxy-session.js", Integer.toString(proxy.port()),
                application, encrypt));
        if (!encrypt.equals("false")) {
            command.add(TestServers.certificates().caPem().toAbsolutePath().toString());
        }
        Node.Result result = Node.run(command, 60);
        assertEquals(0, result.exitCode(), result.output());
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no JSON from proxy-session.js: " + result.output()));
        return JournalJson.mapper().readTree(line);
    }

    private static List<String> rows(JsonNode outcome) {
        List<String> rows = new ArrayList<>();
        outcome.get("rows").forEach(row -> rows.add(row.asText()));
        return rows;
    }

    @Test
    void strictClientRowsAndParameters() throws Exception {
        JsonNode outcome = session("tedious-proxy-strict", "strict");
        assertFalse(outcome.has("error"), outcome.toString());
        assertEquals(List.of("master", "tempdb", "model", "msdb"), rows(outcome));
        assertEquals(42, outcome.get("answer").asInt(), outcome.toString());
        assertEquals("forty-two", outcome.get("name").asText(), outcome.toString());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "tedious-proxy-strict");
        assertTrue(front.tls().contains("TLSv1.3"), front.tls());
        assertEquals(List.of("tds/8.0"), front.clientHello().alpn(), "the client spoke TDS 8.0 to the proxy");
        assertEquals("on", front.upstream().encryption(), "the proxy's own leg is TDS 7.x (encrypt = on)");
        ConnectionRecord behind = Journals.awaitEndedApplication(upstream, "tedious-proxy-strict");
        assertTrue(behind.clientHello().alpn().isEmpty(), behind.clientHello().toString());
        assertTrue(behind.statements().contains("SELECT @answer AS answer, @name AS name"), behind.toString());
    }

    @Test
    void plainClientMeetsAnErrorAfterTwoRows() throws Exception {
        proxy.faults().add(FaultReader.read("{ type = error-after-rows, at = request, rows = 2, number = 40197,"
                + " class = 20, skip = 1, message = \"The service has encountered an error processing your request.\" }"));
        JsonNode outcome = session("tedious-proxy-error", "false");
        assertEquals(List.of("master", "tempdb"), rows(outcome));
        assertTrue(outcome.get("error").asText().contains("The service has encountered an error"), outcome.toString());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "tedious-proxy-error");
        assertEquals(Ending.Kind.FIN, front.ending().kind(), front.toString());
        assertEquals(40197, front.errors().get(0).number());
        assertEquals("on", front.upstream().encryption(), "encrypt = on towards the upstream whatever the client does");
    }
}
