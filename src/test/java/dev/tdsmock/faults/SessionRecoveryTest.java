package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Login7;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Timeout;

/**
 * Idle connection resiliency: the server acknowledges SESSIONRECOVERY, then a close at idle kills the idle session;
 * mssql-jdbc 13 with connectRetryCount=1 recovers it on its next statement with a recovery login.
 */
@Timeout(90)
class SessionRecoveryTest {
    private static final int SESSION_RECOVERY = 0x01;
    private TdsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * login.session-recovery: ack (the default) lets mssql-jdbc recover; no-ack and unrecoverable (SESSIONSTATE with
     * fRecoverable 0) leave it with the broken connection.
     */
    @ParameterizedTest(name = "session-recovery = {0}")
    @CsvSource({"ack, true", "no-ack, false", "unrecoverable, false"})
    void mssqlJdbcAndASessionKilledWhileIdle(String sessionRecovery, boolean recovers) throws Exception {
        server = TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load("healthy",
                ConfigFactory.parseString("login.session-recovery = " + sessionRecovery))
                .withListener("127.0.0.1", 0), TestServers.certificates());
        InstalledFault kill = server.faults().add(FaultReader.read(
                "{ type = close, at = idle, after = 300ms, ending = fin, times = 1 }"));
        try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + server.port()
                + ";user=sa;password=x;encrypt=false;loginTimeout=15;connectRetryCount=1;connectRetryInterval=1")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            kill.firedAtLeast(1).get(20, java.util.concurrent.TimeUnit.SECONDS);
            ConnectionRecord killed = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Kind.FIN, killed.ending().kind(), killed.toString());
            assertEquals("logged-in", killed.ending().during(), killed.toString());
            // mssql-jdbc looks at its socket before a statement only once the connection has had no network
            // activity for 15 s (its IdleNetworkTracker); before that it sends into the closed connection
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(15_500)).atMost(Duration.ofSeconds(20))
                    .until(() -> true);
            if (!recovers) {
                assertThrows(java.sql.SQLException.class, () -> Jdbc.single(connection, "SELECT 2"));
                assertEquals(1, server.journal().records().size(), "no recovery login");
                return;
            }
            assertEquals(2, Jdbc.single(connection, "SELECT 2"), "the session was recovered");
        }
        ConnectionRecord recovery = Journals.awaitEnded(server, 2).get(1);
        Login7.FeatureRequest feature = recovery.login().features().stream().filter(f -> f.id() == SESSION_RECOVERY)
                .findFirst().orElseThrow(() -> new AssertionError("no SESSIONRECOVERY in " + recovery));
        assertTrue(feature.data().length > 0, "a recovery login carries the session's state: " + recovery);
        assertEquals(List.of("SELECT 2"), recovery.statements());
    }
}
