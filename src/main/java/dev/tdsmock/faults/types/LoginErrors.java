package dev.tdsmock.faults.types;

import dev.tdsmock.faults.Arrival;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The errors SQL Server and Azure SQL send in place of a login that are worth replaying, with their class
 * (severity) and text as Microsoft documents them: the Azure SQL Database error tables (transient faults,
 * general errors), the SQL Server database engine error list for 42108 and 42109, and Microsoft.Data.SqlClient's
 * list of transient errors for the text of 4221 and 40540, whose class no Microsoft table gives (16 here).
 * The place holders of a text (%.*ls, %d) are filled with this connection's user, database and server, and
 * with fixed example values.
 */
final class LoginErrors {
    /** A documented error: class and text template ({user}, {database}, {server}, {id} are filled in). */
    record Known(int severity, String text) {
    }

    private static final Map<Integer, Known> KNOWN = Map.ofEntries(
            Map.entry(18456, new Known(14, "Login failed for user '{user}'.")),
            Map.entry(4060, new Known(16, "Cannot open database \"{database}\" requested by the login. The login failed.")),
            Map.entry(4221, new Known(16, "Login to read-secondary failed due to long wait on "
                    + "'HADR_DATABASE_WAIT_FOR_TRANSITION_TO_VERSIONING'. The replica is not available for login because "
                    + "row versions are missing for transactions that were in-flight when the replica was recycled. The "
                    + "issue can be resolved by rolling back or committing the active transactions on the primary "
                    + "replica. Occurrences of this condition can be minimized by avoiding long write transactions on "
                    + "the primary.")),
            Map.entry(10928, new Known(20, "Resource ID: 1. The request limit for the database is 30 and has been "
                    + "reached. For more information, see http://go.microsoft.com/fwlink/?LinkId=267637.")),
            Map.entry(10929, new Known(20, "Resource ID: 1. The request minimum guarantee is 0, maximum limit is 30 "
                    + "and the current usage for the database is 30. However, the server is currently too busy to "
                    + "support requests greater than 0 for this database. For more information, see "
                    + "http://go.microsoft.com/fwlink/?LinkId=267637. Otherwise, please try again later.")),
            Map.entry(40197, new Known(17, "The service has encountered an error processing your request. Please try "
                    + "again. Error code 40143.")),
            Map.entry(40501, new Known(20, "The service is currently busy. Retry the request after 10 seconds. "
                    + "Incident ID: {id}. Code: 1.")),
            Map.entry(40540, new Known(16, "The service has encountered an error processing your request. Please try "
                    + "again.")),
            Map.entry(40613, new Known(17, "Database '{database}' on server '{server}' is not currently available. "
                    + "Please retry the connection later. If the problem persists, contact customer support, and "
                    + "provide them the session tracing ID of '{id}'.")),
            Map.entry(42108, new Known(16, "Can not connect to the SQL pool since it is paused. Please resume the SQL "
                    + "pool and try again.")),
            Map.entry(42109, new Known(16, "The SQL pool is warming up. Please try again.")),
            Map.entry(49918, new Known(16, "Cannot process request. Not enough resources to process request. The "
                    + "service is currently busy. Please retry the request later.")),
            Map.entry(49919, new Known(16, "Cannot process create or update request. Too many create or update "
                    + "operations in progress for subscription \"1\".")),
            Map.entry(49920, new Known(16, "Cannot process request. Too many operations in progress for subscription "
                    + "\"1\".")));

    private LoginErrors() {
    }

    static Known known(int number) {
        return KNOWN.get(number);
    }

    static Set<Integer> numbers() {
        return new TreeSet<>(KNOWN.keySet());
    }

    /**
     * A text with its place holders filled: the LOGIN7 user, database (master when none) and server name,
     * and an id made from the connection's id, so that the same connection gets the same id.
     */
    static String fill(String template, Arrival arrival) {
        String server = arrival.login() == null || arrival.login().serverName().isEmpty() ? "tds-mock"
                : arrival.login().serverName();
        String user = arrival.login() == null ? "" : arrival.login().userName();
        String database = arrival.login() == null || arrival.login().database().isEmpty() ? "master"
                : arrival.login().database();
        String id = UUID.nameUUIDFromBytes(("tds-mock connection " + arrival.connectionId()).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString().toUpperCase(java.util.Locale.ROOT);
        return template.replace("{user}", user).replace("{database}", database).replace("{server}", server)
                .replace("{id}", id);
    }
}
