package dev.tdsmock.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/** Collects what the server logs about connections, so tests can check the one line each ending gets. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture() {
        this("dev.tdsmock.connection");
    }

    /** Collects what this logger (and those under it) logs. */
    public LogCapture(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        appender.start();
        logger.addAppender(appender);
    }

    public List<String> lines() {
        synchronized (appender.list) {
            return appender.list.stream()
                    .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .collect(Collectors.toList());
        }
    }

    /** Waits for a line containing every one of the given fragments, and returns it. */
    public String awaitLine(String... fragments) {
        return Awaitility.await("a log line with " + List.of(fragments))
                .atMost(Duration.ofSeconds(10))
                .until(() -> lines().stream().filter(l -> containsAll(l, fragments)).findFirst().orElse(null),
                        line -> line != null);
    }

    public long count(String... fragments) {
        return lines().stream().filter(l -> containsAll(l, fragments)).count();
    }

    private static boolean containsAll(String line, String[] fragments) {
        for (String fragment : fragments) {
            if (!line.contains(fragment)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
