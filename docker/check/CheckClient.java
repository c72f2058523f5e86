import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The client of docker/check.sh: Microsoft's JDBC driver (mssql-jdbc, from Maven Central), run as a
 * single source file (no build step):
 *
 *   java -cp mssql-jdbc.jar docker/check/CheckClient.java select-one JDBC_URL
 *       logs in, runs SELECT 1, exits 0 when it returns 1
 *   java -cp mssql-jdbc.jar docker/check/CheckClient.java fails JDBC_URL TEXT
 *       exits 0 when the login fails with an error whose message (or a cause's) contains TEXT
 *
 * It prints one line telling what the driver saw.
 */
public class CheckClient {
    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("select-one") || args[0].equals("fails") && args.length == 3)) {
            System.err.println("usage: CheckClient select-one JDBC_URL | fails JDBC_URL TEXT");
            System.exit(2);
        }
        boolean expectSuccess = args[0].equals("select-one");
        String url = args[1];
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            int value = rows.next() ? rows.getInt(1) : -1;
            String server = connection.getMetaData().getDatabaseProductVersion();
            String seen = "logged in (server version " + server + "), SELECT 1 returned " + value
                    + " in " + millis(start) + " ms";
            if (expectSuccess && value == 1) {
                System.out.println("mssql-jdbc: " + seen);
                return;
            }
            System.out.println("mssql-jdbc: UNEXPECTED: " + seen);
            System.exit(1);
        } catch (SQLException e) {
            String seen = describe(e);
            if (!expectSuccess && seen.contains(args[2])) {
                System.out.println("mssql-jdbc: failed as expected after " + millis(start) + " ms: " + seen);
                return;
            }
            System.out.println("mssql-jdbc: UNEXPECTED failure after " + millis(start) + " ms: " + seen);
            System.exit(1);
        }
    }

    /** The exception's message and its causes' (the driver wraps the socket error). */
    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString().replaceAll("\\s+", " ");
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
