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

/** A server that speaks only TLS 1.0 resets a client that wants TLS 1.2 or newer. */
class FaultScenarioTest {
    @Test
    @TdsMock(scenario = "tls10-only")
    void theClientIsResetBeforeTheTlsHandshake(TdsMockServer mock) {
        SQLException refused = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(mock.jdbcUrl("encrypt=true;trustServerCertificate=true")).close());
        assertTrue(refused.getMessage().contains("Connection reset"), refused.getMessage());

        await().until(mock.journal().anyEndedWith(Ending.Kind.RST));
    }
}
