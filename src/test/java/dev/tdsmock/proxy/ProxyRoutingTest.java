package dev.tdsmock.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.faults.FaultReader;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A routing ENVCHANGE from the upstream (a gateway listener routing to a second one, as Azure SQL's gateway
 * redirects): followed by the proxy, which logs in again there, or passed to the client (mssql-jdbc 13), which goes
 * there itself.
 */
@Timeout(60)
class ProxyRoutingTest {
    private TdsServer gateway;
    private TdsServer target;
    private TdsServer proxy;

    @BeforeEach
    void start() {
        target = TestServers.start("healthy");
        gateway = TestServers.start("healthy");
        gateway.faults().add(FaultReader.read("{ type = route, to = \"127.0.0.1:" + target.port() + "\" }"));
    }

    @AfterEach
    void stop() {
        for (TdsServer server : new TdsServer[] {proxy, gateway, target}) {
            if (server != null) {
                server.close();
            }
        }
    }

    private void startProxy(Scenario.UpstreamRouting routing) {
        Scenario scenario = new ScenarioLoader(TestServers.SCENARIOS).load("healthy").withListener("127.0.0.1", 0);
        proxy = TdsServer.start(scenario.withUpstream(new Scenario.Upstream("127.0.0.1", gateway.port(),
                Scenario.UpstreamEncryption.ON, Optional.empty(), "", routing, Duration.ofSeconds(5))),
                TestServers.certificates());
    }

    private Connection connect(String application) throws Exception {
        return DriverManager.getConnection("jdbc:sqlserver://localhost:" + proxy.port() + ";user=sa;password=x;"
                + "encrypt=true;trustServerCertificate=true;loginTimeout=15;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;applicationName=" + application);
    }

    @Test
    void followedTheClientStaysWithTheProxy() throws Exception {
        startProxy(Scenario.UpstreamRouting.FOLLOW);
        try (Connection connection = connect("proxy-follow")) {
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-follow");
        assertNull(front.routedTo(), "the client never saw the routing");
        assertEquals(List.of("127.0.0.1:" + gateway.port() + " via " + Journals.awaitEndedApplication(gateway,
                "proxy-follow").clientAddress() + ":" + Journals.awaitEndedApplication(gateway, "proxy-follow")
                .clientPort() + " routed to 127.0.0.1:" + target.port() + ": followed"), front.upstream().routes());
        assertEquals("127.0.0.1:" + target.port(), front.upstream().server());
        ConnectionRecord routed = Journals.awaitEndedApplication(target, "proxy-follow");
        assertEquals(front.upstream().localAddress(), routed.clientAddress() + ":" + routed.clientPort());
        assertTrue(routed.statements().contains("SELECT 1"), routed.toString());
        assertTrue(Journals.awaitEndedApplication(gateway, "proxy-follow").statements().isEmpty());
    }

    @Test
    void passedTheClientGoesThereItself() throws Exception {
        startProxy(Scenario.UpstreamRouting.PASS);
        try (Connection connection = connect("proxy-pass")) {
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
        }
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-pass");
        assertEquals("127.0.0.1:" + target.port(), front.routedTo());
        assertTrue(front.upstream().routes().get(0).endsWith(" routed to 127.0.0.1:" + target.port() + ": passed"),
                front.upstream().routes().toString());
        ConnectionRecord routed = Journals.awaitEndedApplication(target, "proxy-pass");
        assertTrue(routed.statements().contains("SELECT 1"), routed.toString());
        assertTrue(proxy.journal().records().stream().noneMatch(r -> r.statements().contains("SELECT 1")),
                "the query went past the proxy");
    }

    @Test
    void aRouteThatNeverEndsIsAnErrorAfterThreeHops() throws Exception {
        gateway.faults().clear();
        gateway.faults().add(FaultReader.read("{ type = route, to = \"127.0.0.1:" + gateway.port() + "\" }"));
        startProxy(Scenario.UpstreamRouting.FOLLOW);
        java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> connect("proxy-routed-forever").close());
        assertEquals(50000, refused.getErrorCode(), refused.toString());
        assertTrue(refused.getMessage().contains("routed the login more than 3 times"), refused.getMessage());
        ConnectionRecord front = Journals.awaitEndedApplication(proxy, "proxy-routed-forever");
        assertEquals(4, front.upstream().routes().size(), front.upstream().toString());
        assertNull(front.routedTo(), "the client never saw a routing");
    }

    @Test
    void aRouteFaultOnTheProxyToAScenarioRelaysThereToo() throws Exception {
        startProxy(Scenario.UpstreamRouting.FOLLOW);
        proxy.faults().add(FaultReader.read("{ type = route, to = healthy }"));
        gateway.faults().clear();
        try (Connection connection = connect("proxy-route-fault")) {
            assertEquals(1, ((Number) Jdbc.single(connection, "SELECT 1")).intValue());
        }
        ConnectionRecord behind = Journals.awaitEndedApplication(gateway, "proxy-route-fault");
        assertTrue(behind.statements().contains("SELECT 1"), "the route target relayed to the upstream: " + behind);
    }
}
