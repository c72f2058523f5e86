package dev.tdsmock.support;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.server.TdsServer;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** Waiting on a server's journal. */
public final class Journals {
    private Journals() {
    }

    /** Waits until {@code count} connections have ended, and returns the ended records. */
    public static List<ConnectionRecord> awaitEnded(TdsServer server, int count) {
        return Awaitility.await("at least " + count + " ended connections").atMost(Duration.ofSeconds(30))
                .until(() -> server.journal().ended(), ended -> ended.size() >= count);
    }

    /** Waits until the connection whose LOGIN7 named the application {@code application} has ended: its record. */
    public static ConnectionRecord awaitEndedApplication(TdsServer server, String application) {
        return Awaitility.await("an ended connection of application " + application).atMost(Duration.ofSeconds(20))
                .until(() -> server.journal().ended().stream().filter(r -> r.login() != null
                        && application.equals(r.login().appName())).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }
}
