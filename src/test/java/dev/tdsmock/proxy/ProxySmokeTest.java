package dev.tdsmock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProxySmokeTest {
    @Test
    void selectOne() throws Exception {
        try (TdsServer upstream = TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load("healthy").withListener("127.0.0.1", 0).withCapture(java.nio.file.Path.of("/tmp/upcap")), TestServers.certificates())) {
            Scenario scenario = new ScenarioLoader(TestServers.SCENARIOS).load("healthy").withListener("127.0.0.1", 0)
                    .withUpstream("127.0.0.1", upstream.port());
            try (TdsServer proxy = TdsServer.start(scenario, TestServers.certificates());
                 Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + proxy.port()
                         + ";user=sa;password=x;encrypt=true;trustServerCertificate=true;loginTimeout=15")) {
                assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
                System.out.println(proxy.journal().records().stream().map(dev.tdsmock.journal.JournalJson::line).toList());
                System.out.println(upstream.journal().records().stream().map(dev.tdsmock.journal.JournalJson::line).toList());
            }
        }
    }
}
