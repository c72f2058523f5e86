package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.typesafe.config.ConfigFactory;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Statements a driver sends reach the log and the journal masked, and the journal keeps them cut. */
@Timeout(60)
class StatementRecordingTest {
    @Test
    void passwordsAreMaskedAndLongStatementsCut() throws Exception {
        ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
        TdsServer server = TdsServer.start(loader.load("healthy",
                        ConfigFactory.parseMap(Map.of("limits.journal-statement-chars", 20)))
                .withListener("127.0.0.1", 0), TestServers.certificates());
        String longOne = "SELECT '" + "y".repeat(5000) + "'";
        try (LogCapture log = new LogCapture()) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://localhost:" + server.port()
                    + ";user=sa;password=x;encrypt=false;loginTimeout=15");
                 Statement statement = connection.createStatement()) {
                statement.execute("ALTER LOGIN sa WITH PASSWORD = N'Sup3r''Secret' OLD_PASSWORD = 'x'");
                statement.execute(longOne);
            }
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            List<String> statements = record.statements();
            String alter = statements.stream().filter(s -> s.startsWith("ALTER")).findFirst().orElseThrow();
            assertEquals("ALTER LOGIN sa WITH ", alter, "cut to 20 characters, after masking");
            String select = statements.stream().filter(s -> s.startsWith("SELECT 'y")).findFirst().orElseThrow();
            assertEquals(20, select.length());
            assertEquals(longOne.length(), record.statementLengths().get(statements.indexOf(select)));
            assertEquals("ALTER LOGIN sa WITH PASSWORD = N'Sup3r''Secret' OLD_PASSWORD = 'x'".length(),
                    record.statementLengths().get(statements.indexOf(alter)), "the length the client sent");
            log.awaitLine("PASSWORD = '******' OLD_PASSWORD = '******'");
            assertFalse(log.lines().toString().contains("Secret"), "not in the log");
            assertFalse(JournalJson.line(record).contains("Secret"), "not in the journal");
        } finally {
            server.close();
        }
    }
}
