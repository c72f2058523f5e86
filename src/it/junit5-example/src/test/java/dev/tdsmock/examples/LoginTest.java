package dev.tdsmock.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.junit.TdsMock;
import dev.tdsmock.junit.TdsMockServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@TdsMock(scenario = "healthy")
class LoginTest {
    @Test
    void logsInAndReadsSelectOne(TdsMockServer mock) throws SQLException {
        try (Connection connection = DriverManager.getConnection(mock.jdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
        }
    }
}
