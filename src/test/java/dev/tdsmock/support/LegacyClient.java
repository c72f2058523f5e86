package dev.tdsmock.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Runs in a JVM of its own, with an old driver on its class path and, where a test needs it, its own
 * security properties: connects to the URL, reads SELECT 1, and prints "OK 1" or "FAILED class: message".
 */
public final class LegacyClient {
    private LegacyClient() {
    }

    public static void main(String[] args) {
        try (Connection connection = DriverManager.getConnection(args[0], "sa", "Secret123!");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            rows.next();
            System.out.println("OK " + rows.getInt(1));
        } catch (Exception e) {
            System.out.println("FAILED " + e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
