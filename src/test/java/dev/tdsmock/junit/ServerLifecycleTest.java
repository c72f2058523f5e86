package dev.tdsmock.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** When servers start and stop, seen from outside the test classes that use them. */
@Timeout(120)
class ServerLifecycleTest {
    private static final List<Integer> PORTS = new CopyOnWriteArrayList<>();
    private static volatile boolean runningInside;

    static boolean runningInside() {
        return runningInside;
    }

    private static EngineExecutionResults execute(Class<?> testClass) {
        PORTS.clear();
        runningInside = true;
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
        } finally {
            runningInside = false;
        }
    }

    private static Events run(Class<?> testClass) {
        return execute(testClass).testEvents();
    }

    private static void assertStopped(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }
        }, "port " + port + " still accepts connections");
    }

    private static void assertListening(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        }
    }

    @Test
    void theClassServerServesEveryMethodAndStopsAfterTheClass() {
        run(SharedServer.class).assertStatistics(stats -> stats.started(2).succeeded(2));
        assertEquals(2, PORTS.size());
        assertEquals(PORTS.get(0), PORTS.get(1));
        assertStopped(PORTS.get(0));
    }

    @Test
    void aMethodServerStopsAfterItsMethodEvenWhenTheTestFails() {
        run(MethodServers.class).assertStatistics(stats -> stats.started(3).succeeded(1).failed(2));
        assertEquals(2, PORTS.size());
        PORTS.forEach(ServerLifecycleTest::assertStopped);
    }

    @Test
    void aParameterWithoutAServerIsExplained() {
        run(MethodServers.class).assertThatEvents().haveExactly(1, finishedWithFailure(
                instanceOf(ParameterResolutionException.class), message(m -> m.contains("put @TdsMock on"))));
    }

    @Test
    void anUnknownScenarioFailsTheClassWithItsName() {
        execute(UnknownScenario.class).containerEvents().assertThatEvents().haveExactly(1, finishedWithFailure(message(m -> m.contains("no-such-scenario"))));
    }

    @EnabledIf("dev.tdsmock.junit.ServerLifecycleTest#runningInside")
    @TdsMock(certificateDirectory = "certs")
    static class SharedServer {
        @Test
        void first(TdsMockServer mock) throws IOException {
            PORTS.add(mock.port());
            assertListening(mock.port());
        }

        @Test
        void second(TdsMockServer mock) throws IOException {
            PORTS.add(mock.port());
            assertListening(mock.port());
        }
    }

    @EnabledIf("dev.tdsmock.junit.ServerLifecycleTest#runningInside")
    @ExtendWith(TdsMockExtension.class)
    static class MethodServers {
        @AfterEach
        void stillListeningAfterEach(TdsMockServer mock) throws IOException {
            assertListening(mock.port());
        }

        @Test
        @TdsMock(certificateDirectory = "certs")
        void passes(TdsMockServer mock) {
            PORTS.add(mock.port());
        }

        @Test
        @TdsMock(scenario = "no-common-cipher", certificateDirectory = "certs")
        void fails(TdsMockServer mock) {
            PORTS.add(mock.port());
            assertTrue(false, "fails on purpose");
        }

        @Test
        void hasNoServer(TdsMockServer mock) {
            PORTS.add(mock.port());
        }
    }

    @EnabledIf("dev.tdsmock.junit.ServerLifecycleTest#runningInside")
    @TdsMock(scenario = "no-such-scenario", certificateDirectory = "certs")
    static class UnknownScenario {
        @Test
        void neverRuns() {
        }
    }
}
