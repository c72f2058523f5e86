package dev.tdsmock.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.client.ControlApiException;
import dev.tdsmock.client.ControlClient;
import dev.tdsmock.client.JournalFilter;
import dev.tdsmock.client.JournalRecord;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listener put in front of an upstream, and taken away again, over the control API while it runs. */
@Timeout(60)
class UpstreamSettingsTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
    private Listeners listeners;
    private ControlApi api;
    private TdsServer upstream;
    private TdsServer front;
    private ControlClient client;

    @BeforeEach
    void start() {
        listeners = new Listeners(loader);
        api = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, TestServers.certificates());
        upstream = TestServers.start("healthy");
        front = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(front, "healthy");
        client = ControlClient.of(URI.create("http://127.0.0.1:" + api.port() + "/"));
    }

    @AfterEach
    void stop() {
        try {
            api.close();
        } finally {
            listeners.closeAll();
            upstream.close();
        }
    }

    private void selectOne(String application) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + front.port()
                + ";user=sa;password=x;encrypt=false;loginTimeout=15;connectRetryCount=0;applicationName="
                + application)) {
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
        }
    }

    private JournalRecord record(String application) {
        Journals.awaitEndedApplication(front, application);
        return client.journal(JournalFilter.all()).stream().filter(r -> r.login() != null
                && application.equals(r.login().application())).findFirst().orElseThrow();
    }

    @Test
    void switchedOnAndOffAtRunTime() throws Exception {
        selectOne("before-upstream");
        assertNull(record("before-upstream").upstream());

        assertNull(client.listener(front.port()).upstream());
        assertEquals("127.0.0.1:" + upstream.port(), client.changeSettings(front.port(), Map.of("upstream.host",
                "127.0.0.1", "upstream.port", upstream.port())).upstream());
        selectOne("with-upstream");
        JournalRecord.Upstream leg = record("with-upstream").upstream();
        assertNotNull(leg);
        assertEquals("127.0.0.1:" + upstream.port(), leg.server());
        assertEquals(1, leg.requests(), leg.toString());
        assertTrue(Journals.awaitEndedApplication(upstream, "with-upstream").statements().contains("SELECT 1"));

        client.changeSettings(front.port(), Map.of("upstream.host", ""));
        selectOne("after-upstream");
        assertNull(record("after-upstream").upstream());
        assertTrue(upstream.journal().records().stream().noneMatch(r -> r.login() != null
                && "after-upstream".equals(r.login().appName())));
    }

    @Test
    void aValueItCannotTakeChangesNothing() {
        ControlApiException refused = assertThrows(ControlApiException.class, () -> client.changeSettings(front.port(),
                Map.of("upstream.host", "127.0.0.1", "upstream.encrypt", "sometimes")));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("upstream.encrypt"), refused.getMessage());
        assertFalse(front.scenario().upstream().enabled(), "the listener still answers itself");
    }

    @Test
    void theCommandLinesUpstreamHoldsForScenariosSwitchedToAndSettingsChanged() throws Exception {
        Listeners commandLine = new Listeners(loader, com.typesafe.config.ConfigFactory.parseMap(Map.of(
                "upstream.host", "127.0.0.1", "upstream.port", upstream.port())));
        TdsServer second = TdsServer.start(loader.load("healthy").withListener("127.0.0.1", 0),
                TestServers.certificates());
        commandLine.add(second, "healthy");
        try {
            commandLine.switchScenario(second.port(), "slow-login");
            assertEquals("127.0.0.1:" + upstream.port(), second.scenario().upstream().address());
            commandLine.changeSettings(second.port(), com.typesafe.config.ConfigFactory.parseMap(Map.of(
                    "limits.idle-timeout", "20s")));
            assertEquals("127.0.0.1:" + upstream.port(), second.scenario().upstream().address());
            commandLine.changeSettings(second.port(), com.typesafe.config.ConfigFactory.parseMap(Map.of(
                    "upstream.host", "")));
            assertFalse(second.scenario().upstream().enabled(), "the control API's change wins");
        } finally {
            commandLine.closeAll();
        }
    }
}
