package dev.tdsmock.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The diagnose scenario answers mssql-jdbc's login with a verdict per scenario, in INFO messages and the journal. */
@Timeout(60)
class DiagnoseTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(TestServers.SCENARIOS);

    @Test
    void mssqlJdbcGetsAVerdictForEveryOtherScenario() throws Exception {
        ConnectionRecord record;
        List<String> messages = new ArrayList<>();
        try (TdsServer server = TdsServer.start(LOADER.load("diagnose").withListener("127.0.0.1", 0),
                TestServers.certificates(), null, LOADER)) {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port()
                    + ";user=sa;password=Secret123!;encrypt=true;trustServerCertificate=true;loginTimeout=15;"
                    + "connectRetryCount=0")) {
                for (SQLWarning warning = connection.getWarnings(); warning != null;
                     warning = warning.getNextWarning()) {
                    messages.add(warning.getMessage());
                }
                assertEquals(1, Jdbc.single(connection, "SELECT 1"), "a login that works");
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        ConnectionRecord.Diagnosed diagnosis = record.diagnosis();
        assertNotNull(diagnosis, "the journal keeps the diagnosis");
        List<String> others = LOADER.names().stream().filter(name -> !name.equals("diagnose")).toList();
        assertEquals(others, List.copyOf(diagnosis.verdicts().keySet()), "one verdict per other scenario");
        Map<String, Verdict> verdicts = diagnosis.verdicts();
        assertEquals(Boolean.TRUE, verdicts.get("healthy").getsIn(), verdicts.get("healthy").reason());
        Verdict strictOnly = verdicts.get("strict-only");
        assertEquals(Boolean.FALSE, strictOnly.getsIn());
        assertTrue(strictOnly.reason().contains("starts with PRELOGIN"), strictOnly.reason());
        assertTrue(strictOnly.fix().contains("Strict"), strictOnly.fix());
        Verdict tls10 = verdicts.get("tls10-only");
        assertEquals(Boolean.FALSE, tls10.getsIn(), tls10.reason());
        assertTrue(tls10.reason().contains("TLSv1") && tls10.reason().contains("which the client refuses"),
                tls10.reason());
        assertEquals(Boolean.FALSE, verdicts.get("cert-md5").getsIn(), verdicts.get("cert-md5").reason());
        assertTrue(verdicts.get("cert-md5").fix().contains("SHA-256"), verdicts.get("cert-md5").fix());
        assertNull(verdicts.get("slow-login").getsIn(), "a timeout the fingerprint does not show");
        assertNull(verdicts.get("cert-expired").getsIn(), "whether the client validates does not show");
        assertTrue(verdicts.get("cert-expired").reason().contains("expired"), verdicts.get("cert-expired").reason());

        assertTrue(messages.isEmpty(), "mssql-jdbc keeps no INFO message of the login as a warning: " + messages);
    }

    /** jTDS shows the INFO messages of the login as the connection's warnings: one per scenario. */
    @Test
    void jtdsShowsTheVerdictsAsWarnings() throws Exception {
        ConnectionRecord record;
        List<String> messages = new ArrayList<>();
        try (TdsServer server = TdsServer.start(LOADER.load("diagnose").withListener("127.0.0.1", 0),
                TestServers.certificates(), null, LOADER)) {
            try (Connection connection = DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:"
                    + server.port() + "/master;user=sa;password=Secret123!;loginTimeout=15;ssl=require")) {
                for (SQLWarning warning = connection.getWarnings(); warning != null;
                     warning = warning.getNextWarning()) {
                    messages.add(warning.getMessage());
                }
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        ConnectionRecord.Diagnosed diagnosis = record.diagnosis();
        assertTrue(messages.contains("tds-mock diagnose: client " + diagnosis.fingerprint() + ", "
                + diagnosis.verdicts().size() + " scenarios"), messages.toString());
        for (Map.Entry<String, Verdict> verdict : diagnosis.verdicts().entrySet()) {
            assertTrue(messages.contains(verdict.getValue().line(verdict.getKey())),
                    "no INFO message for " + verdict.getKey() + " in " + messages);
        }
    }

    /** One client seen twice is one fingerprint seen twice; another client is another fingerprint. */
    @Test
    void aClientSeenTwiceHasOneFingerprint() throws Exception {
        CertificateStore certificates = TestServers.certificates();
        try (TdsServer server = TdsServer.start(LOADER.load("diagnose").withListener("127.0.0.1", 0), certificates,
                null, LOADER)) {
            for (int i = 0; i < 2; i++) {
                try (Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:"
                        + server.port() + ";user=sa;password=Secret123!;encrypt=true;trustServerCertificate=true;"
                        + "loginTimeout=15;connectRetryCount=0")) {
                    assertEquals(1, Jdbc.single(connection, "SELECT 1"));
                }
            }
            try (Connection connection = DriverManager.getConnection("jdbc:jtds:sqlserver://127.0.0.1:"
                    + server.port() + "/master;user=sa;password=Secret123!;loginTimeout=15;ssl=require")) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            List<ConnectionRecord> records = Journals.awaitEnded(server, 3);
            assertEquals(records.get(0).diagnosis().fingerprint(), records.get(1).diagnosis().fingerprint());
            assertFalse(records.get(0).diagnosis().fingerprint().equals(records.get(2).diagnosis().fingerprint()));
            List<SeenClients.Seen> seen = server.seenClients().all();
            assertEquals(2, seen.size(), seen.toString());
            assertEquals(List.of(1L, 2L), seen.stream().map(s -> s.logins().get()).sorted().toList());

            // GET /diagnose: the same, as the matrix of clients and scenarios
            dev.tdsmock.control.Listeners listeners = new dev.tdsmock.control.Listeners(LOADER);
            listeners.add(server, "diagnose");
            try (dev.tdsmock.control.ControlApi api = dev.tdsmock.control.ControlApi.start("127.0.0.1", 0,
                    java.util.Optional.empty(), listeners, certificates)) {
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api.port()
                                + "/diagnose")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode());
                com.fasterxml.jackson.databind.JsonNode clients = dev.tdsmock.journal.JournalJson.mapper()
                        .readTree(answer.body()).get("clients");
                assertEquals(2, clients.size(), answer.body());
                com.fasterxml.jackson.databind.JsonNode jdbc = clients.get(0).get("seen").asInt() == 2
                        ? clients.get(0) : clients.get(1);
                assertEquals(records.get(0).diagnosis().fingerprint(), jdbc.get("fingerprint").asText());
                assertEquals("Microsoft JDBC Driver for SQL Server", jdbc.get("application").asText());
                assertTrue(jdbc.get("library").asText().startsWith("Microsoft JDBC Driver"), answer.body());
                assertTrue(jdbc.get("verdicts").get("healthy").get("getsIn").asBoolean(), answer.body());
                assertTrue(jdbc.get("verdicts").get("slow-login").get("getsIn").isNull(), answer.body());
                assertEquals(LOADER.names().size() - 1, jdbc.get("verdicts").size());
                assertEquals("0x74000004", jdbc.get("tdsVersion").asText());
                assertFalse(jdbc.get("strict").asBoolean());
                assertTrue(jdbc.get("clientHello").asText().startsWith("versions=[TLSv1.3, TLSv1.2]"),
                        answer.body());
                java.net.http.HttpResponse<String> one = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api.port()
                                + "/diagnose/" + jdbc.get("fingerprint").asText())).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, one.statusCode());
                assertEquals(jdbc, dev.tdsmock.journal.JournalJson.mapper().readTree(one.body()));
                java.net.http.HttpResponse<String> none = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + api.port()
                                + "/diagnose/000000000000")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(404, none.statusCode());
                assertTrue(none.body().contains("no client with the fingerprint 000000000000"), none.body());
            }
        }
    }
}
