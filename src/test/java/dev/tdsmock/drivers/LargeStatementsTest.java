package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Statements of tens of kilobytes to a megabyte of blanks and line breaks, which once stalled an event loop for
 * seconds to minutes: each is answered within a generous bound, and logins go on meanwhile. The bound only keeps a
 * regression from hanging the build; the work itself is counted in {@code sql.LinearWorkTest}.
 */
@Timeout(120)
class LargeStatementsTest {
    private static final int MEGABYTE = 1 << 20;
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static TdsServer server;
    private static ExecutorService clients;

    @BeforeAll
    static void start() {
        server = TestServers.start("healthy");
        clients = Executors.newFixedThreadPool(5);
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        server.close();
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;"
                + "password=Secret123!;loginTimeout=30;encrypt=false;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false");
    }

    private static <T> T within(CompletableFuture<T> answer) {
        Awaitility.await("the answer").atMost(BOUND).until(answer::isDone);
        return answer.join();
    }

    private static CompletableFuture<Integer> resultsOf(String sql) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                int results = 0;
                boolean rows = statement.execute(sql);
                while (rows || statement.getUpdateCount() != -1) {
                    results += rows ? 1 : 0;
                    rows = statement.getMoreResults();
                }
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
                return results;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, clients);
    }

    @Test
    void aMegabyteOfBlanks() {
        assertEquals(1, within(resultsOf("SELECT 1" + " ".repeat(MEGABYTE))));
        assertEquals(0, within(resultsOf("SELECT a" + " ".repeat(MEGABYTE) + "!")));
    }

    @Test
    void aMegabyteOfLineBreaks() {
        assertEquals(2, within(resultsOf("SELECT 1" + "\n".repeat(MEGABYTE) + "SELECT 2")));
        assertEquals(2, within(resultsOf("SELECT 1" + "\r\n \n".repeat(MEGABYTE / 4) + "SELECT 2")));
    }

    @Test
    void fourLargeBatchesAtOnceLeaveRoomForANewLogin() {
        List<CompletableFuture<Integer>> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(resultsOf("SELECT a" + " ".repeat(40 * 1024) + "!" + "\n".repeat(40 * 1024)));
        }
        CompletableFuture<Integer> login = resultsOf("SELECT 1");
        assertEquals(1, within(login));
        for (CompletableFuture<Integer> batch : batches) {
            assertEquals(0, within(batch));
        }
    }
}
