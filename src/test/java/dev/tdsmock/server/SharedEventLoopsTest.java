package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.control.ControlApi;
import dev.tdsmock.control.Listeners;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PacketType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every listener and the control API run on the same few event loop threads, which end with the last of them. */
@Timeout(120)
class SharedEventLoopsTest {
    private static final Duration THREADS_END_WITHIN = Duration.ofSeconds(10);

    private static List<String> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(EventLoops.ACCEPT_THREADS + "-")
                        || name.startsWith(EventLoops.IO_THREADS + "-"))
                .sorted().toList();
    }

    @BeforeEach
    void noServerRunsBefore() {
        Awaitility.await("no event loop threads left by an earlier test's servers").atMost(THREADS_END_WITHIN)
                .until(() -> loopThreads().isEmpty());
    }

    @Test
    void everyScenarioAtOnceRunsOnTheSharedThreadsWhichEndWithTheLast() throws IOException {
        ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
        CertificateStore certificates = TestServers.certificates();
        Listeners listeners = new Listeners(loader);
        List<RawClient> clients = new ArrayList<>();
        ControlApi control = null;
        int running;
        List<String> threads;
        try {
            // as --all starts them (cli/Main), on loopback and free ports
            for (String name : loader.names()) {
                listeners.add(TdsServer.start(loader.load(name).withListener("127.0.0.1", 0), certificates, null,
                        loader), name);
            }
            control = ControlApi.start("127.0.0.1", 0, Optional.empty(), listeners, certificates);
            running = listeners.all().size();
            for (Listeners.Entry entry : listeners.all()) {
                clients.add(new RawClient(entry.server().port())); // a connection on each: the I/O threads start
            }
            int healthy = listeners.all().stream().filter(entry -> entry.source().equals("healthy")).findFirst()
                    .orElseThrow().server().port();
            try (RawClient client = new RawClient(healthy)) {
                assertEquals(PacketType.TABULAR_RESULT, client.send(Packets.preLogin(Encryption.OFF)).readPacket()[0]);
            }
            threads = loopThreads();
        } finally {
            if (control != null) {
                control.close();
            }
            listeners.closeAll();
        }
        System.out.printf("--all's %d listeners and the control API, a connection on each: %d event loop threads "
                + "(at most %d); %s%n", running, threads.size(), EventLoops.maxThreads(), threads);
        assertTrue(threads.size() <= EventLoops.maxThreads(), threads.toString());
        assertEquals(1, threads.stream().filter(name -> name.startsWith(EventLoops.ACCEPT_THREADS + "-")).count(),
                "one acceptor thread for " + running + " listeners: " + threads);
        for (int i = 0; i < clients.size(); i++) {
            assertTrue(clients.get(i).closedByServer(), "connection " + i + " closed with its listener");
            clients.get(i).close();
        }
        Awaitility.await("event loop threads end with the last user").atMost(THREADS_END_WITHIN)
                .until(() -> loopThreads().isEmpty());
        System.out.printf("after closing them: %d event loop threads%n", loopThreads().size());
    }

    @Test
    void aConnectionOpenWhenItsListenerStopsIsJournalledAsTheServers() throws IOException {
        TdsServer leaving = TestServers.start("healthy");
        try (RawClient client = new RawClient(leaving.port())) {
            client.send(Packets.preLogin(Encryption.OFF)).readPacket();
            leaving.close();
            assertTrue(client.closedByServer());
            dev.tdsmock.journal.ConnectionRecord record = leaving.journal().ended().get(0);
            assertEquals(dev.tdsmock.journal.Ending.Side.SERVER, record.ending().by(), record.toString());
            assertEquals("the listener stopped", record.ending().reason());
        }
        Awaitility.await("event loop threads end with the last listener").atMost(THREADS_END_WITHIN)
                .until(() -> loopThreads().isEmpty());
    }

    @Test
    void closingOneListenerLeavesAnotherServing() throws IOException {
        try (TdsServer staying = TestServers.start("healthy")) {
            TdsServer leaving = TestServers.start("silent-server");
            try (RawClient client = new RawClient(leaving.port())) {
                Awaitility.await("the silent server holds the connection").atMost(THREADS_END_WITHIN)
                        .until(() -> leaving.journal().records().size() == 1
                                && leaving.journal().records().get(0).ending() != null);
                leaving.close();
                assertEquals(1, leaving.journal().ended().size(), "the connection ended before close returned");
                assertTrue(client.closedByServer(), "the closed listener's connection is closed");
            }
            assertFalse(loopThreads().isEmpty(), "the loops run on for the listener left");
            try (RawClient client = new RawClient(staying.port())) {
                byte[] answer = client.send(Packets.preLogin(Encryption.OFF)).readPacket();
                assertEquals(PacketType.TABULAR_RESULT, answer[0]);
            }
        }
        Awaitility.await("event loop threads end with the last listener").atMost(THREADS_END_WITHIN)
                .until(() -> loopThreads().isEmpty());
    }

    @Test
    void aListenerStartedAfterTheLastStoppedGetsNewLoops() throws IOException {
        TestServers.start("healthy").close();
        try (TdsServer again = TestServers.start("healthy"); RawClient client = new RawClient(again.port())) {
            assertEquals(PacketType.TABULAR_RESULT, client.send(Packets.preLogin(Encryption.OFF)).readPacket()[0]);
        }
    }
}
