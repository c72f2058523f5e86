package dev.tdsmock.testcontainers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.client.ControlClient;
import dev.tdsmock.client.FaultState;
import dev.tdsmock.client.JournalFilter;
import dev.tdsmock.client.JournalRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TdsMockContainer} against the real image ({@code localhost/tds-mock:latest}, built by docker/check.sh),
 * through Testcontainers and a Docker-compatible API (Docker, or podman's socket: see docker/check.sh, which runs
 * this test). Not part of {@code mvn verify} (surefire does not pick *IT classes): run it with
 * {@code mvn -Dtest=TdsMockContainerIT -Dsurefire.failIfNoSpecifiedTests=false -Dinvoker.skip=true test}.
 * It fails rather than skips when no container can be started.
 */
@Timeout(300)
class TdsMockContainerIT {
    /** No retries inside the driver: one login, one connection (see DEVELOPERS "Driver tests"). */
    private static final String ONE_TRY = "loginTimeout=20;connectRetryCount=0;transparentNetworkIPResolution=false";
    private static final int NO_COMMON_CIPHER = 14334;
    private static TdsMockContainer tdsMock;

    @BeforeAll
    static void start() {
        tdsMock = new TdsMockContainer();
        tdsMock.start();
        System.out.println("TdsMockContainerIT: " + tdsMock.getDockerImageName() + " ready, control API at "
                + tdsMock.controlUri() + ", " + tdsMock.scenarioPorts().size() + " scenarios, mapped ports "
                + tdsMock.mappedPorts());
    }

    @AfterAll
    static void stop() {
        if (tdsMock != null) {
            tdsMock.stop();
        }
    }

    @Test
    void everyScenarioOfTheImageIsReachableThroughItsMappedPort() {
        ControlClient control = tdsMock.control();
        assertEquals("ok", control.health().status());
        assertEquals(control.health().listeners(), tdsMock.scenarioPorts().size());
        assertEquals(1433, tdsMock.scenarioPorts().get("healthy"));
        assertEquals(NO_COMMON_CIPHER, tdsMock.scenarioPorts().get("no-common-cipher"));
        // Each scenario the server runs has its port exposed (read from the scenarios packaged in the jar).
        assertEquals(tdsMock.scenarioPorts().keySet(), tdsMock.mappedPorts().keySet());
        assertEquals(tdsMock.getMappedPort(1433), tdsMock.mappedPort("healthy"));
        assertThrows(IllegalArgumentException.class, () -> tdsMock.mappedPort("no-such-scenario"));
    }

    @Test
    void healthyLogsInAndTheJournalHasTheConnection() throws Exception {
        String application = application();
        try (Connection connection = DriverManager.getConnection(
                tdsMock.jdbcUrl("healthy", ONE_TRY + ";applicationName=" + application))) {
            assertEquals(1, selectOne(connection));
        }
        JournalRecord record = endedRecord(1433, application);
        assertEquals("healthy", record.scenario());
        assertEquals("sa", record.login().user());
        assertTrue(record.statements().contains("SELECT 1"), record.statements().toString());
        System.out.println("TdsMockContainerIT: healthy, " + tdsMock.jdbcUrl() + ": SELECT 1 = 1; journal: "
                + record.ending());
    }

    @Test
    void healthyLogsInOverTlsCheckedAgainstTheContainersCa() throws Exception {
        assertTrue(tdsMock.caPem().contains("BEGIN CERTIFICATE"), tdsMock.caPem());
        String application = application();
        try (Connection connection = DriverManager.getConnection(
                tdsMock.verifiedJdbcUrl("healthy", ONE_TRY + ";applicationName=" + application))) {
            assertEquals(1, selectOne(connection));
        }
        try (Connection connection = DriverManager.getConnection(
                tdsMock.verifiedJdbcUrl("healthy", ONE_TRY + ";encrypt=strict"))) {
            assertEquals(1, selectOne(connection));
        }
        JournalRecord record = endedRecord(1433, application);
        assertTrue(record.tls() != null && record.tls().startsWith("TLS"), String.valueOf(record.tls()));
        System.out.println("TdsMockContainerIT: healthy over TLS checked against GET /ca.pem: " + record.tls());
    }

    @Test
    void aFaultAddedThroughTheControlClientFailsTheNextLogin() throws Exception {
        ControlClient control = tdsMock.control();
        FaultState fault = control.addFault(TdsMockContainer.TDS_PORT,
                Map.of("type", "close", "at", "login", "ending", "rst", "times", 1));
        String application = application();
        SQLException reset = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                tdsMock.jdbcUrl("healthy", ONE_TRY + ";applicationName=" + application)).close());
        // What mssql-jdbc 13 reports when the server resets its login (README "Faults"; FaultApiTest).
        assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        assertTrue(control.awaitFired(TdsMockContainer.TDS_PORT, fault.id(), 1, Duration.ofSeconds(10)));

        JournalRecord record = endedRecord(1433, application);
        assertEquals("RST", record.ending().kind());
        assertEquals("SERVER", record.ending().by());
        assertEquals("login", record.ending().during());
        assertEquals(fault.id(), record.faults().get(0).id());

        control.removeFault(TdsMockContainer.TDS_PORT, fault.id());
        try (Connection connection = DriverManager.getConnection(tdsMock.jdbcUrl("healthy", ONE_TRY))) {
            assertEquals(1, selectOne(connection));
        }
        System.out.println("TdsMockContainerIT: fault " + fault.id() + " (close at login, rst): \""
                + firstLine(reset.getMessage()) + "\"; journal: " + record.ending());
    }

    @Test
    void noCommonCipherResetsTheHandshakeOnItsOwnMappedPort() {
        int mapped = tdsMock.mappedPort("no-common-cipher");
        assertNotEquals(tdsMock.getMappedPort(1433), mapped);
        String application = application();
        SQLException reset = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                tdsMock.jdbcUrl("no-common-cipher", ONE_TRY + ";encrypt=true;trustServerCertificate=true"
                        + ";applicationName=" + application)).close());
        assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());

        JournalRecord record = await().atMost(Duration.ofSeconds(10)).until(
                () -> tdsMock.control().journal(JournalFilter.onPort(NO_COMMON_CIPHER)).stream()
                        .filter(JournalRecord::isEnded).filter(r -> "tls-hello".equals(r.ending().during()))
                        .reduce((first, second) -> second).orElse(null),
                r -> r != null);
        assertEquals("no-common-cipher", record.scenario());
        assertEquals("RST", record.ending().kind());
        System.out.println("TdsMockContainerIT: no-common-cipher on host port " + mapped + ": \""
                + firstLine(reset.getMessage()) + "\"; journal: " + record.ending());
    }

    @Test
    void oneScenarioServedOnPort1433WithItsOwnScenarioSwitchedThroughTheControlClient() throws Exception {
        try (TdsMockContainer strict = new TdsMockContainer().withScenario("strict-only")) {
            strict.start();
            assertEquals(Map.of("strict-only", 1433), strict.scenarioPorts());
            assertEquals(strict.getMappedPort(1433), strict.mappedPort("strict-only"));
            assertNotEquals(tdsMock.controlToken(), strict.controlToken());
            // strict-only resets connections that start with PRELOGIN; TDS 8.0 (encrypt=strict) gets in.
            SQLException reset = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    strict.jdbcUrl("strict-only", ONE_TRY + ";encrypt=true;trustServerCertificate=true")).close());
            assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
            try (Connection connection = DriverManager.getConnection(strict.verifiedJdbcUrl("strict-only",
                    ONE_TRY + ";encrypt=strict"))) {
                assertEquals(1, selectOne(connection));
            }

            assertEquals("healthy", strict.control().switchScenario(1433, "healthy").scenario());
            // The same port, its own scenario's name still (scenarioPorts() tells what the container started with).
            try (Connection connection = DriverManager.getConnection(strict.jdbcUrl("strict-only", ONE_TRY))) {
                assertEquals(1, selectOne(connection));
            }
            assertFalse(strict.control().journal().isEmpty());
            System.out.println("TdsMockContainerIT: withScenario(\"strict-only\") on host port "
                    + strict.mappedPort("strict-only") + ": encrypt=true reset, encrypt=strict logged in; switched"
                    + " to healthy through the control API: encrypt=false logged in");
        }
    }

    private static int selectOne(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
            return rows.getInt(1);
        }
    }

    private static JournalRecord endedRecord(int port, String application) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> tdsMock.control().journal(JournalFilter.onPort(port)).stream()
                        .filter(r -> application.equals(r.application()) && r.isEnded())
                        .findFirst().orElse(null),
                r -> r != null);
    }

    private static String application() {
        return "tc-it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("");
    }
}
