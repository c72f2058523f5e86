package dev.tdsmock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.StatusPrinter2;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** src/standalone/logback-file.xml (the standalone jar's), in a logger context of its own: a file rotated by size and day, bounded in all. */
@Timeout(30)
class LogFileConfigurationTest {
    @Test
    void theLogFileIsRotatedBySizeAndDay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tds-mock.log");
        LoggerContext context = new LoggerContext();
        context.putProperty("tds.mock.log", file.toString());
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(java.nio.file.Path.of("src/standalone/logback-file.xml").toFile());
            assertTrue(context.getStatusManager().getCopyOfStatusList().stream().allMatch(s -> s.getLevel() < 2),
                    () -> { new StatusPrinter2().print(context); return "logback reported errors"; });
            RollingFileAppender<?> appender = assertInstanceOf(RollingFileAppender.class,
                    context.getLogger("ROOT").getAppender("FILE"));
            SizeAndTimeBasedRollingPolicy<?> policy = assertInstanceOf(SizeAndTimeBasedRollingPolicy.class,
                    appender.getRollingPolicy());
            assertEquals(file.toString() + ".%d{yyyy-MM-dd}.%i.gz", policy.getFileNamePattern());
            context.getLogger("dev.tdsmock.test").info("a line");
            String written = Files.readString(file);
            assertTrue(written.contains("INFO  test - a line"), written);
        } finally {
            context.stop();
        }
    }
}
