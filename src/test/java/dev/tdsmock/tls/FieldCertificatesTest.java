package dev.tdsmock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.journal.JournalJson;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.support.TrustAll;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The certificates users meet in the field, each met by clients that validate the server's certificate:
 * mssql-jdbc 13 with the test CA as its trust store and the host name checked, and tedious given the test CA.
 * What each reports, and the server's record of the test's own connection.
 */
@Timeout(120)
class FieldCertificatesTest {
    /** What mssql-jdbc 13 says before the reason whenever it cannot validate the server's certificate. */
    private static final String JDBC_VALIDATION_FAILED = "\"encrypt\" property is set to \"true\" and "
            + "\"trustServerCertificate\" property is set to \"false\" but the driver could not establish a secure "
            + "connection to SQL Server by using Secure Sockets Layer (SSL) encryption: Error: ";

    private static String url(TdsServer server, boolean trustServerCertificate) {
        return "jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;encrypt=true;"
                + "trustServerCertificate=" + trustServerCertificate + ";trustStore=" + TestServers.certificates().caTrustStore()
                + ";trustStorePassword=changeit;hostNameInCertificate=localhost;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;loginTimeout=15";
    }

    private static void assertJdbcLogsIn(TdsServer server, boolean trustServerCertificate) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(server, trustServerCertificate))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    /** tedious's outcome as printed by try-login.js. */
    private static JsonNode tedious(TdsServer server, String trustOption) throws Exception {
        Node.Result result = Node.run(List.of("node", "try-login.js", Integer.toString(server.port()), "15000",
                "field-certificates", "SELECT 1", trustOption), 60);
        assertEquals(0, result.exitCode(), result.output());
        String line = result.output().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow(
                () -> new AssertionError("no JSON from try-login.js: " + result.output()));
        return JournalJson.mapper().readTree(line);
    }

    private static final String CERTIFICATE_FAULT =
            "the server's certificate, which a client that validates it refuses: ";

    private static String givenTheCa() {
        return "--ca=" + TestServers.certificates().caPem();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cert-expired          | PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed | it expired on ",
        "cert-not-yet-valid    | PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed | it is not valid before ",
        "cert-wrong-host       | Failed to validate the server name \"localhost\"in a certificate during Secure Sockets Layer (SSL) initialization. Name in certificate \"wrong-host.example\" | it names only [wrong-host.example], not localhost",
        "cert-untrusted-root   | PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target | its root is ",
        "cert-self-signed      | PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target | it names no host (CN=SSL_Self_Signed_Fallback, no subjectAltName); it is self-signed (CN=SSL_Self_Signed_Fallback)",
        "cert-incomplete-chain | PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target | it is issued by ",
        "cert-no-server-auth   | Extended key usage does not permit use for TLS server authentication | its extended key usage [clientAuth] has no serverAuth",
    })
    void mssqlJdbcRefusesTheCertificateDuringTheHandshake(String scenario, String words, String fault) {
        try (TdsServer server = TestServers.start(scenario)) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(url(server, false)).close());
            assertTrue(refused.getMessage().startsWith(JDBC_VALIDATION_FAILED + words), refused.getMessage());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertEquals("tls-handshake", record.ending().during(), record.toString());
            assertNull(record.tls(), "the JDK's TLS 1.2 checks the chain before its Finished: " + record.tls());
            assertEquals("closed by the client during the TLS handshake, after the server's first flight",
                    record.ending().reason());
            assertTrue(record.tlsFault().startsWith(CERTIFICATE_FAULT), record.toString());
            assertTrue(record.tlsFault().contains(fault), record.tlsFault());
            assertNull(record.login(), record.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cert-expired          | certificate has expired | it expired on ",
        "cert-not-yet-valid    | certificate is not yet valid | it is not valid before ",
        "cert-wrong-host       | Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list | it names only [wrong-host.example], not localhost",
        "cert-untrusted-root   | self-signed certificate in certificate chain | its root is ",
        "cert-self-signed      | self-signed certificate | it names no host (CN=SSL_Self_Signed_Fallback, no subjectAltName); it is self-signed (CN=SSL_Self_Signed_Fallback)",
        "cert-incomplete-chain | unable to verify the first certificate | it is issued by ",
        "cert-no-server-auth   | unsuitable certificate purpose | its extended key usage [clientAuth] has no serverAuth",
    })
    void tediousRefusesTheCertificateAfterTheHandshake(String scenario, String words, String fault) throws Exception {
        Node.requireTedious();
        try (TdsServer server = TestServers.start(scenario)) {
            JsonNode outcome = tedious(server, givenTheCa());
            assertFalse(outcome.get("connected").asBoolean(), outcome.toString());
            assertEquals("ESOCKET", outcome.get("code").asText(), outcome.toString());
            assertEquals("Failed to connect to 127.0.0.1:" + server.port() + " - " + words,
                    outcome.get("error").asText().replaceAll(": $", ""), outcome.toString());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            // Node checks the certificate once the TLS 1.2 handshake is over: the server saw it complete.
            assertEquals("login", record.ending().during(), record.toString());
            assertNotNull(record.tls(), record.toString());
            assertNull(record.login(), "no LOGIN7 was sent: " + record);
            assertEquals("closed by the client after the TLS handshake, before sending LOGIN7",
                    record.ending().reason());
            assertTrue(record.tlsFault().startsWith(CERTIFICATE_FAULT), record.toString());
            assertTrue(record.tlsFault().contains(fault), record.tlsFault());
        }
    }

    @Test
    void bothClientsLogInToHealthyWithTheSameSettings() throws Exception {
        Node.requireTedious();
        try (TdsServer server = TestServers.start("healthy")) {
            assertJdbcLogsIn(server, false);
            ConnectionRecord jdbc = Journals.awaitEnded(server, 1).get(0);
            assertEquals("Microsoft JDBC Driver 13.6", jdbc.login().clientInterfaceName());

            JsonNode outcome = tedious(server, givenTheCa());
            assertEquals("[1]", outcome.get("values").toString(), outcome.toString());
            ConnectionRecord tedious = Journals.awaitEnded(server, 2).get(1);
            assertEquals("Tedious", tedious.login().clientInterfaceName());
            assertEquals(Ending.Side.CLIENT, tedious.ending().by());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cert-expired", "cert-not-yet-valid", "cert-wrong-host", "cert-untrusted-root",
        "cert-self-signed", "cert-incomplete-chain", "cert-no-server-auth"})
    void mssqlJdbcTrustingTheServerCertificateLogsIn(String scenario) throws SQLException {
        try (TdsServer server = TestServers.start(scenario)) {
            assertJdbcLogsIn(server, true);
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals("Microsoft JDBC Driver 13.6", record.login().clientInterfaceName());
        }
    }

    @Test
    void theSelfSignedFallbackLetsInOnlyAClientThatDoesNotValidate() throws Exception {
        Node.requireTedious();
        try (TdsServer server = TestServers.start("cert-self-signed")) {
            X509Certificate leaf = sentChain(server).get(0);
            assertEquals("CN=SSL_Self_Signed_Fallback", leaf.getSubjectX500Principal().getName());
            assertEquals(leaf.getSubjectX500Principal(), leaf.getIssuerX500Principal());
            leaf.verify(leaf.getPublicKey());

            assertFalse(tedious(server, givenTheCa()).get("connected").asBoolean());
            JsonNode trusting = tedious(server, "--trust-server-certificate");
            assertEquals("[1]", trusting.get("values").toString(), trusting.toString());
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url(server, false)).close());
            assertJdbcLogsIn(server, true);
        }
    }

    @Test
    void aWrongHostIsAcceptedByADriverToldToExpectIt() throws SQLException {
        try (TdsServer server = TestServers.start("cert-wrong-host")) {
            String expectingIt = url(server, false).replace("hostNameInCertificate=localhost",
                    "hostNameInCertificate=wrong-host.example");
            try (Connection connection = DriverManager.getConnection(expectingIt)) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            assertEquals(Ending.Side.CLIENT, Journals.awaitEnded(server, 1).get(0).ending().by());
        }
    }

    @Test
    void anIncompleteChainWorksOnceTheIntermediateIsSent() throws SQLException {
        try (TdsServer server = start("cert-incomplete-chain", "bouncycastle", "leaf-and-intermediates")) {
            assertJdbcLogsIn(server, false);
            assertEquals(Ending.Side.CLIENT, Journals.awaitEnded(server, 1).get(0).ending().by());
        }
    }

    /** Both engines send what tls.certificate.chain says: subjects of the certificates received, in order. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "boringssl    | leaf                   | localhost",
        "boringssl    | leaf-and-intermediates | localhost, tds-mock intermediate CA",
        "boringssl    | full                   | localhost, tds-mock intermediate CA, tds-mock test CA",
        "bouncycastle | leaf                   | localhost",
        "bouncycastle | leaf-and-intermediates | localhost, tds-mock intermediate CA",
        "bouncycastle | full                   | localhost, tds-mock intermediate CA, tds-mock test CA",
    })
    void theChainSentIsTheSetting(String engine, String chain, String subjects) throws Exception {
        try (TdsServer server = start("cert-incomplete-chain", engine, chain)) {
            List<String> received = new ArrayList<>();
            for (X509Certificate certificate : sentChain(server)) {
                received.add(commonName(certificate));
            }
            assertEquals(Arrays.asList(subjects.split(", ")), received);
        }
    }

    @Test
    void theDefaultChainIsTheLeafAndTheTestCa() throws Exception {
        try (TdsServer server = TestServers.start("healthy")) {
            List<X509Certificate> chain = sentChain(server);
            assertEquals(List.of("localhost", "tds-mock test CA"),
                    chain.stream().map(FieldCertificatesTest::commonName).toList());
            assertEquals(TestServers.certificates().ca(), chain.get(1));
        }
    }

    private static String commonName(X509Certificate certificate) {
        String name = certificate.getSubjectX500Principal().getName();
        return name.substring("CN=".length(), name.indexOf(',') < 0 ? name.length() : name.indexOf(','));
    }

    private static TdsServer start(String scenario, String engine, String chain) {
        return TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load(scenario, ConfigFactory.parseString(
                "tls.engine = " + engine + "\ntls.certificate.chain = " + chain)).withListener("127.0.0.1", 0),
                TestServers.certificates());
    }

    /** The certificates the server sends, as a TDS 8.0 client receives them: TLS 1.2 first on the socket. */
    private static List<X509Certificate> sentChain(TdsServer server) throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustAll.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : socket.getSession().getPeerCertificates()) {
                chain.add((X509Certificate) certificate);
            }
            return chain;
        }
    }
}
