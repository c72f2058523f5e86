package dev.tdsmock.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Small JDBC helpers for driver tests. */
public final class Jdbc {
    private Jdbc() {
    }

    /** Runs a query that returns one value and returns it. */
    public static Object single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new AssertionError("no row for " + sql);
            }
            Object value = rows.getObject(1);
            if (rows.next()) {
                throw new AssertionError("more than one row for " + sql);
            }
            return value;
        }
    }
}
