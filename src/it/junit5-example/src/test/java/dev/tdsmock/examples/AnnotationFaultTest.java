package dev.tdsmock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.junit.TdsMock;
import dev.tdsmock.junit.TdsMockServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A healthy server whose first login is reset: the fault comes with the annotation. */
@TdsMock(scenario = "healthy", faults = {"{ type = close, at = login, ending = rst, times = 1 }"})
class AnnotationFaultTest {
    @Test
    void theFirstLoginIsResetAndTheSecondSucceeds(TdsMockServer mock) throws SQLException {
        // The driver would otherwise retry the reset login on its own, and the retry would succeed.
        String url = mock.jdbcUrl("connectRetryCount=0;transparentNetworkIPResolution=false");

        SQLException reset = assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
        assertTrue(reset.getMessage().contains("reset"), reset.getMessage());

        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
        }
        assertEquals(1, mock.faults().all().get(0).fired());
    }
}
