import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * mssql-jdbc's login over TLS inside PRELOGIN packets (encrypt=true, the test CA trusted) and SELECT 1 AS one; for
 * the capture check: java -cp MSSQL_JDBC_CLASSPATH src/test/capture/SelectOne.java PORT TRUST_STORE
 */
public final class SelectOne {
    public static void main(String[] args) throws Exception {
        String url = "jdbc:sqlserver://localhost:" + args[0] + ";user=sa;password=Secret123!;encrypt=true;"
                + "trustStore=" + args[1] + ";trustStorePassword=changeit;trustStoreType=PKCS12;loginTimeout=15;"
                + "connectRetryCount=0";
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1 AS one")) {
            rows.next();
            System.out.println(rows.getInt(1));
        }
    }
}
