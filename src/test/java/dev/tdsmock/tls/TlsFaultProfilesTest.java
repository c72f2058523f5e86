package dev.tdsmock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.LegacyJvm;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scenarios 1 to 5 of the 10054 article, each met by the newest mssql-jdbc: what the driver reports, and
 * the server's record of how the connection ended.
 */
@Timeout(120)
class TlsFaultProfilesTest {
    /** The words mssql-jdbc 13 uses for every TLS failure during login. */
    private static final String SECURE_CONNECTION_FAILED =
            "could not establish a secure connection to SQL Server by using Secure Sockets Layer (SSL) encryption";

    private static String url(TdsServer server) {
        return "jdbc:sqlserver://localhost:" + server.port()
                + ";user=sa;password=x;encrypt=true;trustServerCertificate=true;loginTimeout=15";
    }

    private static SQLException refusedLogin(TdsServer server) {
        return assertThrows(SQLException.class, () -> DriverManager.getConnection(url(server)).close());
    }

    private static void assertLogsIn(TdsServer server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(server))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no-common-cipher | no common cipher suite",
        "cert-md5         | signed with MD5withRSA, a hash Schannel's TLS 1.2 signature list leaves out",
        "cert-sha224      | signed with SHA224withRSA, a hash Schannel's TLS 1.2 signature list leaves out",
        "cert-sha512      | signed with SHA512withRSA, a hash Schannel's TLS 1.2 signature list leaves out",
    })
    void refusedBeforeServerHelloWithAReset(String scenario, String reason) {
        try (TdsServer server = TestServers.start(scenario)) {
            SQLException refused = refusedLogin(server);
            assertTrue(refused.getMessage().contains(SECURE_CONNECTION_FAILED), refused.getMessage());
            assertTrue(refused.getMessage().contains("Connection reset"), refused.getMessage());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Kind.RST, record.ending().kind(), record.toString());
            assertEquals(Ending.Side.SERVER, record.ending().by());
            assertTrue(record.ending().reason().startsWith("handshake refused before ServerHello: "),
                    record.ending().reason());
            assertTrue(record.ending().reason().contains(reason), record.ending().reason());
            assertTrue(record.tlsFault().contains(reason), record.tlsFault());
            assertEquals(List.of(0x0304, 0x0303), record.clientHello().offeredVersions());
            assertNull(record.tls(), "no TLS session was made");
        }
    }

    /**
     * Schannel before TLS 1.3 ignores supported_versions and answers with its own version; the JDK refuses that
     * ServerHello with protocol_version, and the journal records the refusal as the client's.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tls10-only, TLSv1, TLS10", "tls11-only, TLSv1.1, TLS11"})
    void aModernDriverRefusesTheOldServerHello(String scenario, String version, String jdkName) {
        try (TdsServer server = TestServers.start(scenario)) {
            SQLException refused = refusedLogin(server);
            assertTrue(refused.getMessage().contains(SECURE_CONNECTION_FAILED), refused.getMessage());
            assertTrue(refused.getMessage().contains("The server selected protocol version " + jdkName
                    + " is not accepted by client preferences [TLS13, TLS12]"), refused.getMessage());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            // mssql-jdbc closes; no alert of its reaches the server
            assertEquals(Ending.Kind.CLOSE, record.ending().kind(), record.toString());
            assertEquals("tls-handshake", record.ending().during());
            assertTrue(record.ending().reason().startsWith("closed by the client during the TLS handshake, after "
                    + "the server's ServerHello (" + version + " "), record.ending().reason());
            assertEquals("the server answered " + version + ", the newest it speaks ([" + version + "]) not above "
                    + "the ClientHello's legacy_version TLSv1.2: legacy version negotiation, as Schannel before TLS "
                    + "1.3, ignores supported_versions [TLSv1.3, TLSv1.2]", record.tlsFault());
            assertNull(record.tls(), "no TLS session was made");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tls12-only, TLS_ECDHE_RSA",
        "dhe, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 DH 2048 bits",
        "dhe-short-public-key, TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 DH 2048 bits",
        "cert-sha1, TLSv1.2",
    })
    void theNewestDriverGetsThrough(String scenario, String negotiated) throws SQLException {
        try (TdsServer server = TestServers.start(scenario)) {
            assertLogsIn(server);
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertTrue(record.tls().contains(negotiated), record.tls());
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertNull(record.tlsFault());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tls10-only, TLSv1", "tls11-only, TLSv1.1"})
    void anOldDriverThatAllowsTheVersionLogsIn(String scenario, String version) throws Exception {
        try (TdsServer server = TestServers.start(scenario)) {
            String output = LegacyJvm.connect(url(server), version);
            assertTrue(output.contains("OK 1"), output);
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertTrue(record.tls().startsWith(version + " "), record.tls());
            assertEquals("Microsoft JDBC Driver 7.0", record.login().clientInterfaceName());
        }
    }

    @Test
    void leadingZeroLetsTheDriverInAndExplainsAnyRetry() throws SQLException {
        try (TdsServer server = TestServers.start("dhe-leading-zero")) {
            assertLogsIn(server);
            List<ConnectionRecord> records = Journals.awaitEnded(server, server.journal().records().size());
            ConnectionRecord last = records.get(records.size() - 1);
            assertTrue(last.tls().contains("TLS_DHE_RSA"), last.toString());
            // Now and then (1 in 256) a handshake fails and the driver retries: each such one is explained.
            for (ConnectionRecord retried : records.subList(0, records.size() - 1)) {
                assertTrue(retried.tlsFault().startsWith("leading-zero DH secret"), retried.toString());
            }
        }
    }

    @Test
    void tls12OnlyResetsAnOldDriverThatStopsAtTls11() throws Exception {
        try (TdsServer server = TestServers.start("tls12-only")) {
            String output = LegacyJvm.connect(url(server), "TLSv1,TLSv1.1");
            assertTrue(output.contains("FAILED") && output.contains("Connection reset"), output);
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Kind.RST, record.ending().kind());
            assertTrue(record.ending().reason().contains(
                    "no common TLS version: the client offers [TLSv1.1, TLSv1], the server speaks [TLSv1.2]"),
                    record.ending().reason());
        }
    }

    /** The article: self-signed certificates are not affected by the weak-hash rule. */
    @Test
    void aSelfSignedSha512CertificateIsServedInSchannelMode() throws SQLException {
        try (TdsServer server = TestServers.start("cert-self-signed-sha512.conf")) {
            assertLogsIn(server);
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertTrue(record.tls().startsWith("TLSv1.2 "), record.tls());
            assertNull(record.tlsFault());
            java.security.cert.X509Certificate served;
            try (var pem = java.nio.file.Files.newInputStream(TestServers.CERTS.resolve("cert-self-signed-sha512.pem"))) {
                served = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                        .getInstance("X.509").generateCertificate(pem);
            } catch (java.io.IOException | java.security.cert.CertificateException e) {
                throw new AssertionError(e);
            }
            assertEquals("SHA512withRSA", served.getSigAlgName());
            assertEquals(served.getIssuerX500Principal(), served.getSubjectX500Principal(), "self-signed");
        }
    }

    @Test
    void md5ServedAnywayIsRejectedByTheJdkItself() {
        try (TdsServer server = TestServers.start("cert-md5-serve-anyway.conf")) {
            SQLException refused = refusedLogin(server);
            assertTrue(refused.getMessage().contains(SECURE_CONNECTION_FAILED), refused.getMessage());
            assertTrue(refused.getMessage().contains("Certificates do not conform to algorithm constraints"),
                    refused.getMessage());
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            // the server refused nothing: the journal names what the validating client objected to
            assertTrue(record.tlsFault().startsWith("the server's certificate, which a client that validates it"
                    + " refuses: it is signed with MD5withRSA"), record.tlsFault());
        }
    }

    @Test
    void leadingZeroAlwaysFailsAndTheDriverRetriesQuietly() {
        try (TdsServer server = TestServers.start("dhe-leading-zero-always")) {
            SQLException refused = refusedLogin(server);
            assertTrue(refused.getMessage().contains(SECURE_CONNECTION_FAILED), refused.getMessage());
            assertTrue(refused.getMessage().contains("SQL Server returned an incomplete response"),
                    refused.getMessage());
            // One getConnection, several connections: mssql-jdbc retries a handshake that ends with FIN.
            List<ConnectionRecord> records = Journals.awaitEnded(server, 2);
            assertEquals(6, server.journal().records().size(), "the first attempt and five retries");
            for (ConnectionRecord record : Journals.awaitEnded(server, 6)) {
                assertEquals(Ending.Kind.FIN, record.ending().kind(), record.toString());
                assertTrue(record.tlsFault().startsWith("DH secret with an extra leading zero byte"), record.tlsFault());
                assertTrue(record.tls() == null, "no TLS session: " + record.tls());
            }
            assertTrue(records.size() >= 2);
        }
    }
}
