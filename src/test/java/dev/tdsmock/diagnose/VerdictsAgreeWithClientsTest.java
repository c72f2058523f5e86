package dev.tdsmock.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The diagnosis is right about real clients: each client first logs in to the diagnose scenario, then to every
 * scenario its diagnosis has a verdict on (getsIn true or false), and gets in exactly where the verdict says.
 */
@Timeout(300)
class VerdictsAgreeWithClientsTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(TestServers.SCENARIOS);

    /** A real client with one way of connecting: true when it logged in and SELECT 1 answered 1. */
    enum Client {
        MSSQL_JDBC_ENCRYPT_TRUE {
            @Override
            boolean logsIn(int port) {
                return jdbc("jdbc:sqlserver://127.0.0.1:" + port + ";user=sa;password=Secret123!;encrypt=true;"
                        + "trustServerCertificate=true;loginTimeout=10;connectRetryCount=0");
            }
        },
        MSSQL_JDBC_STRICT {
            @Override
            boolean logsIn(int port) {
                CertificateStore certificates = TestServers.certificates();
                return jdbc("jdbc:sqlserver://localhost:" + port + ";user=sa;password=Secret123!;encrypt=strict;"
                        + "trustStore=" + certificates.caTrustStore().toAbsolutePath() + ";trustStorePassword="
                        + CertificateStore.TRUST_STORE_PASSWORD + ";trustStoreType=PKCS12;loginTimeout=10;"
                        + "connectRetryCount=0");
            }
        },
        MSSQL_JDBC_7_ENCRYPT_TRUE {
            @Override
            boolean logsIn(int port) throws Exception {
                java.util.Properties properties = new java.util.Properties();
                properties.setProperty("user", "sa");
                properties.setProperty("password", "Secret123!");
                try (Connection connection = OldDriver.INSTANCE.connect("jdbc:sqlserver://127.0.0.1:" + port
                        + ";encrypt=true;trustServerCertificate=true;loginTimeout=10", properties)) {
                    return Integer.valueOf(1).equals(Jdbc.single(connection, "SELECT 1"));
                } catch (SQLException | RuntimeException refused) {
                    return false;
                }
            }
        },
        JTDS_SSL_REQUIRE {
            @Override
            boolean logsIn(int port) {
                return jdbc("jdbc:jtds:sqlserver://127.0.0.1:" + port + "/master;user=sa;password=Secret123!;"
                        + "loginTimeout=10;ssl=require");
            }
        },
        TEDIOUS_ENCRYPT_TRUE {
            @Override
            boolean logsIn(int port) throws Exception {
                Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(port), "10000",
                        "verdicts", "SELECT 1", "--trust-server-certificate"), 60);
                return result.output().contains("\"connected\":true,\"values\":[1]");
            }
        };

        abstract boolean logsIn(int port) throws Exception;

        private static boolean jdbc(String url) {
            try (Connection connection = DriverManager.getConnection(url)) {
                return Integer.valueOf(1).equals(Jdbc.single(connection, "SELECT 1"));
            } catch (SQLException | RuntimeException refused) {
                return false; // jTDS meets some resets with a NullPointerException of its own
            }
        }
    }

    /** mssql-jdbc 7.0, which the build copies aside (it shares the newest one's artifactId), in a loader of its own. */
    private static final class OldDriver {
        static final java.sql.Driver INSTANCE = load();

        private static java.sql.Driver load() {
            java.nio.file.Path jar = java.nio.file.Path.of(System.getProperty("tdsmock.oldDriver",
                    "target/old-drivers/mssql-jdbc-old.jar"));
            try {
                java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader());
                return (java.sql.Driver) loader.loadClass("com.microsoft.sqlserver.jdbc.SQLServerDriver")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | java.net.MalformedURLException e) {
                throw new IllegalStateException("the build copies mssql-jdbc 7 to " + jar, e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void everyVerdictIsWhatTheClientMeets(Client client) throws Exception {
        if (client == Client.TEDIOUS_ENCRYPT_TRUE) {
            Node.requireTedious();
        }
        Map<String, Verdict> verdicts;
        try (TdsServer diagnose = TdsServer.start(LOADER.load("diagnose").withListener("127.0.0.1", 0),
                TestServers.certificates(), null, LOADER)) {
            assertTrue(client.logsIn(diagnose.port()), client + " logs in to diagnose");
            ConnectionRecord record = Journals.awaitEnded(diagnose, 1).get(0);
            verdicts = record.diagnosis().verdicts();
        }
        List<String> disagreements = new ArrayList<>();
        int judged = 0;
        for (Map.Entry<String, Verdict> entry : verdicts.entrySet()) {
            Boolean expected = entry.getValue().getsIn();
            if (expected == null) {
                continue;
            }
            judged++;
            try (TdsServer server = TdsServer.start(LOADER.load(entry.getKey()).withListener("127.0.0.1", 0),
                    TestServers.certificates(), null, LOADER)) {
                boolean loggedIn = client.logsIn(server.port());
                if (loggedIn != expected) {
                    disagreements.add(entry.getKey() + ": the verdict says " + (expected ? "gets in" : "fails")
                            + " (" + entry.getValue().reason() + "), the client " + (loggedIn ? "got in" : "failed"));
                }
            }
        }
        assertTrue(judged >= 10, "verdicts on at least the TLS scenarios: " + verdicts);
        assertEquals(List.of(), disagreements, client.name());
    }
}
