package dev.tdsmock.junit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.tdsmock.faults.InstalledFault;
import dev.tdsmock.faults.Step;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.function.Executable;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Faults given in the annotation and changed at run time through {@link TdsMockServer#faults()}, seen by the
 * Microsoft driver and in the journal record of the test's own connection.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TdsMock(scenario = "healthy", certificateDirectory = "certs",
        faults = {"{ type = close, at = login, ending = rst, times = 1 }"})
class FaultsExtensionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * mssql-jdbc retries a failed login on a new TCP connection, by default and, with transparent network IP
     * resolution on, even with connectRetryCount=0; here each login is one attempt on one connection.
     */
    private static final String ONE_ATTEMPT = "connectRetryCount=0;transparentNetworkIPResolution=false;loginTimeout=15";
    private static volatile String runTimeFaultId;
    private static volatile boolean runningInside;

    static boolean runningInside() {
        return runningInside;
    }

    private static EngineExecutionResults execute(Class<?> testClass) {
        runningInside = true;
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
        } finally {
            runningInside = false;
        }
    }

    private static int selectOne(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
            return rows.getInt(1);
        }
    }

    private static Set<Long> ids(TdsMockServer mock) {
        return mock.journal().connections().stream().map(ConnectionRecord::id).collect(Collectors.toSet());
    }

    /** Runs {@code client}, which makes one connection, and returns that connection's record once it has ended. */
    private static ConnectionRecord ownConnection(TdsMockServer mock, Executable client) throws Throwable {
        Set<Long> before = ids(mock);
        client.execute();
        await().atMost(WAIT).until(() -> mock.journal().ended().stream().anyMatch(r -> !before.contains(r.id())));
        List<ConnectionRecord> mine = mock.journal().connections().stream()
                .filter(r -> !before.contains(r.id())).toList();
        assertEquals(1, mine.size(), "one TCP connection per attempt: " + mine);
        return mine.get(0);
    }

    private static InstalledFault onlyFault(TdsMockServer mock) {
        List<InstalledFault> faults = mock.server().faults().all();
        assertEquals(1, faults.size(), faults.toString());
        return faults.get(0);
    }

    private static void assertFired(ConnectionRecord record, String id, String type, String step) {
        assertEquals(1, record.faults().size(), record.toString());
        ConnectionRecord.FaultFired fired = record.faults().get(0);
        assertEquals(id, fired.id(), record.toString());
        assertEquals(type, fired.type(), record.toString());
        assertEquals(step, fired.step(), record.toString());
    }

    private static void assertEnded(ConnectionRecord record, Ending.Kind kind, Ending.Side by, String during) {
        Ending ending = record.ending();
        assertNotNull(ending, record.toString());
        assertEquals(kind, ending.kind(), record.toString());
        assertEquals(by, ending.by(), record.toString());
        assertEquals(during, ending.during(), record.toString());
    }

    @Test
    @Order(1)
    void theAnnotationFaultResetsTheFirstLoginOnly(TdsMockServer mock) throws Throwable {
        InstalledFault close = onlyFault(mock);
        String url = mock.jdbcUrl(ONE_ATTEMPT);

        ConnectionRecord reset = ownConnection(mock, () -> {
            SQLException refused = assertThrows(SQLException.class, () -> selectOne(url));
            assertTrue(refused.getMessage().contains("reset"), refused.getMessage());
        });
        assertFired(reset, close.id(), "close", "login");
        assertEnded(reset, Ending.Kind.RST, Ending.Side.SERVER, "login");
        assertEquals(1, close.fired());

        ConnectionRecord served = ownConnection(mock, () -> assertEquals(1, selectOne(url)));
        assertEquals(List.of(), served.faults(), served.toString());
        assertEnded(served, Ending.Kind.CLOSE, Ending.Side.CLIENT, "logged-in");
        assertEquals(1, close.fired(), "times = 1");
    }

    @Test
    @Order(2)
    void aFaultAddedAtRunTimeActsInThisTest(TdsMockServer mock) throws Throwable {
        TdsMockFaults.Fault closeAtRequest = mock.faults().add("{ type = close, at = request, ending = fin }");
        runTimeFaultId = closeAtRequest.id();
        assertEquals(2, mock.faults().all().size());
        String url = mock.jdbcUrl(ONE_ATTEMPT);

        ConnectionRecord firstLogin = ownConnection(mock,
                () -> assertThrows(SQLException.class, () -> selectOne(url)));
        assertEnded(firstLogin, Ending.Kind.RST, Ending.Side.SERVER, "login");

        ConnectionRecord closed = ownConnection(mock, () -> assertThrows(SQLException.class, () -> selectOne(url)));
        assertFired(closed, closeAtRequest.id(), "close", "request");
        assertEnded(closed, Ending.Kind.FIN, Ending.Side.SERVER, "request");
        assertEquals(1, closeAtRequest.fired());
    }

    @Test
    @Order(3)
    void theNextTestStartsFromTheAnnotationFaultsAndAnEmptyJournal(TdsMockServer mock) throws Throwable {
        assertNotNull(runTimeFaultId, "runs after aFaultAddedAtRunTimeActsInThisTest");
        assertEquals(List.of(), mock.journal().connections());
        InstalledFault close = onlyFault(mock);
        assertNotEquals(runTimeFaultId, close.id());
        assertEquals("close", close.definition().type());
        assertEquals(Step.LOGIN, close.definition().at());
        assertEquals(0, close.fired(), "fired in the earlier tests, not in this one");
        assertEquals(1, mock.faults().all().size());
        assertEquals(0, mock.faults().all().get(0).fired());

        ConnectionRecord reset = ownConnection(mock,
                () -> assertThrows(SQLException.class, () -> selectOne(mock.jdbcUrl(ONE_ATTEMPT))));
        assertFired(reset, close.id(), "close", "login");
        ConnectionRecord served = ownConnection(mock, () -> assertEquals(1, selectOne(mock.jdbcUrl(ONE_ATTEMPT))));
        assertEquals(List.of(), served.faults(), "the fault added at run time is gone: " + served);
    }

    @Test
    @Order(4)
    @TdsMock(scenario = "healthy", certificateDirectory = "certs",
            faults = {"{ type = close, at = prelogin, ending = fin }"})
    void aMethodAnnotationGivesTheMethodItsOwnServerWithItsFaults(TdsMockServer mock) throws Throwable {
        InstalledFault closeAtPrelogin = onlyFault(mock);
        assertEquals(Step.PRELOGIN, closeAtPrelogin.definition().at());

        ConnectionRecord closed = ownConnection(mock,
                () -> assertThrows(SQLException.class, () -> selectOne(mock.jdbcUrl(ONE_ATTEMPT))));
        assertFired(closed, closeAtPrelogin.id(), "close", "prelogin");
        assertEnded(closed, Ending.Kind.FIN, Ending.Side.SERVER, "prelogin");
        assertEquals(1, closeAtPrelogin.fired());
    }

    @Test
    @Order(5)
    @TdsMock(scenario = "healthy", certificateDirectory = "certs")
    void theHandleAddsAwaitsAndRemovesFaults(TdsMockServer mock) throws Throwable {
        assertEquals(List.of(), mock.faults().all());
        TdsMockFaults.Fault delay = mock.faults().add("{ type = delay, at = login, for = 1s }");
        String url = mock.jdbcUrl(ONE_ATTEMPT);

        ConnectionRecord held = ownConnection(mock, () -> {
            CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> {
                try {
                    return selectOne(url);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            delay.awaitFired(1, Duration.ofSeconds(10));
            assertEquals(1, login.join());
        });
        assertFired(held, delay.id(), "delay", "login");
        assertEquals(Ending.Side.CLIENT, held.ending().by(), held.toString());

        delay.remove();
        assertEquals(List.of(), mock.faults().all());
        ConnectionRecord served = ownConnection(mock, () -> assertEquals(1, selectOne(url)));
        assertEquals(List.of(), served.faults(), served.toString());
        assertEquals(1, delay.fired());

        AssertionError notFired = assertThrows(AssertionError.class,
                () -> delay.awaitFired(5, Duration.ofMillis(200)));
        assertTrue(notFired.getMessage().contains(delay.id()), notFired.getMessage());

        IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
                () -> mock.faults().add("{ type = delay, at = login, for = 1s, tiems = 2 }"));
        assertTrue(misspelt.getMessage().contains("'tiems'"), misspelt.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> mock.faults().add("{ type = delay, at = login }"));
        assertTrue(missing.getMessage().contains("'for'"), missing.getMessage());
        assertEquals(List.of(), mock.faults().all(), "a rejected fault is not added");
    }

    @Test
    @Order(6)
    @TdsMock(scenario = "healthy", certificateDirectory = "certs",
            faults = {"{ type = login-error, number = 18456, skip = 1 }"})
    void aLoginErrorAfterSkippingTheFirstLogin(TdsMockServer mock) throws Throwable {
        InstalledFault refuse = onlyFault(mock);
        String url = mock.jdbcUrl(ONE_ATTEMPT);

        ConnectionRecord skipped = ownConnection(mock, () -> assertEquals(1, selectOne(url)));
        assertEquals(List.of(), skipped.faults(), skipped.toString());
        assertEquals(0, refuse.fired());

        ConnectionRecord refused = ownConnection(mock, () -> {
            SQLException error = assertThrows(SQLException.class, () -> selectOne(url));
            assertEquals(18456, error.getErrorCode(), error.toString());
        });
        assertFired(refused, refuse.id(), "login-error", "login");
        assertEnded(refused, Ending.Kind.FIN, Ending.Side.SERVER, "login");
        assertEquals(1, refuse.fired());
    }

    @Test
    @Order(6)
    void aGateFromTheHandleHoldsLoginsUntilReleased(TdsMockServer mock) throws Throwable {
        mock.faults().clear(); // the class's reset at login would come first
        TdsMockFaults.Fault gate = mock.faults().add("{ type = gate, at = login }");
        String url = mock.jdbcUrl(ONE_ATTEMPT);
        CompletableFuture<Integer> login = CompletableFuture.supplyAsync(() -> {
            try {
                return selectOne(url);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        gate.awaitWaiting(1, WAIT);
        assertEquals(1, gate.waiting());
        assertEquals(1, gate.releaseAll());
        assertEquals(1, login.get(30, java.util.concurrent.TimeUnit.SECONDS));
        AssertionError none = assertThrows(AssertionError.class, () -> gate.awaitWaiting(1, Duration.ofMillis(200)));
        assertTrue(none.getMessage().contains("0 connections wait at gate " + gate.id()), none.getMessage());
        TdsMockFaults.Fault notAGate = mock.faults().add("{ type = delay, at = login, for = 1s }");
        assertThrows(IllegalStateException.class, () -> notAGate.release(1));
    }

    @Test
    @Order(7)
    void aPerClassInstanceGetsTheClassServerInItsConstructorAndItIsResetBeforeEachTest() {
        execute(PerClassInstance.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    @Order(8)
    void aBadFaultInTheAnnotationFailsTheClassNamingTheKey() {
        execute(BadFault.class).containerEvents().assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(IllegalArgumentException.class), message(m -> m.contains("'ending'"))));
    }

    @EnabledIf("dev.tdsmock.junit.FaultsExtensionTest#runningInside")
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @TdsMock(certificateDirectory = "certs", faults = {"{ type = close, at = login, times = 1 }"})
    static class PerClassInstance {
        private final TdsMockServer fromConstructor;

        PerClassInstance(TdsMockServer mock) {
            this.fromConstructor = mock;
        }

        @Test
        @Order(1)
        void first(TdsMockServer mock) {
            assertSame(fromConstructor, mock);
            mock.faults().add("{ type = close, at = request }");
            assertEquals(2, mock.faults().all().size());
        }

        @Test
        @Order(2)
        void second(TdsMockServer mock) {
            assertSame(fromConstructor, mock);
            assertEquals(1, mock.faults().all().size());
            assertEquals(Step.LOGIN, onlyFault(mock).definition().at());
        }
    }

    @EnabledIf("dev.tdsmock.junit.FaultsExtensionTest#runningInside")
    @TdsMock(certificateDirectory = "certs", faults = {"{ type = close, at = login, ending = sometimes }"})
    static class BadFault {
        @Test
        void neverRuns() {
        }
    }
}
