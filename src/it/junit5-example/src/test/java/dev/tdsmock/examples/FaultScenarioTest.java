package dev.tdsmock.examples;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.junit.TdsMock;
import dev.tdsmock.junit.TdsMockServer;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** A server with no cipher suite in common with the client resets it before any ServerHello. */
class FaultScenarioTest {
    @Test
    @TdsMock(scenario = "no-common-cipher")
    void theClientIsResetBeforeTheTlsHandshake(TdsMockServer mock) {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(mock.jdbcUrl("encrypt=true;trustServerCertificate=true")).close());
        assertTrue(refused.getMessage().contains("Connection reset"), refused.getMessage());

        await().until(mock.journal().anyEndedWith(Ending.Kind.RST));
    }
}
