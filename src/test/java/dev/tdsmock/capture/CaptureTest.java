package dev.tdsmock.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.PcapReader;
import dev.tdsmock.support.Tls13Records;
import dev.tdsmock.support.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * capture.directory: each connection's bytes as they went over the wire in a pcap file, TLS secrets beside it in the
 * NSS key log format, checked against what mssql-jdbc 13 sent.
 */
@Timeout(60)
class CaptureTest {
    private static TdsServer start(String scenario, Path captures) {
        return TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load(scenario).withListener("127.0.0.1", 0)
                .withCapture(captures), TestServers.certificates());
    }

    private static String url(TdsServer server, String options) {
        return "jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;password=Secret123!;loginTimeout=15;"
                + "connectRetryCount=0;transparentNetworkIPResolution=false;" + options;
    }

    @Test
    void aTlsLoginIsCapturedWithTheSecretsOfItsHandshake(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("healthy", captures)) {
            try (Connection connection = DriverManager.getConnection(url(server,
                    "encrypt=true;trustServerCertificate=true"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        Path pcap = Path.of(record.capture());
        assertEquals(captures.resolve(record.listenerPort() + "-" + record.id() + ".pcapng"), pcap);
        List<PcapReader.Segment> segments = PcapReader.segments(pcap);
        assertTrue(segments.get(0).syn(), "the capture starts with the TCP handshake");
        List<byte[]> fromClient = segments.stream().filter(s -> s.destinationPort() == record.listenerPort())
                .map(PcapReader.Segment::payload).filter(p -> p.length > 0).toList();
        assertEquals(0x12, fromClient.get(0)[0], "PRELOGIN first");
        byte[] clientHello = fromClient.get(1);
        assertEquals(0x12, clientHello[0], "the ClientHello inside a PRELOGIN packet (MS-TDS 2.2.6.5)");
        assertEquals(0x16, clientHello[8], "a TLS handshake record");
        String clientRandom = HexFormat.of().formatHex(clientHello, 8 + 11, 8 + 11 + 32);

        List<String> keys = Files.readAllLines(captures.resolve(record.listenerPort() + "-" + record.id() + ".keys"));
        assertEquals(1, keys.size(), keys.toString());
        assertTrue(keys.get(0).matches("CLIENT_RANDOM " + clientRandom + " [0-9a-f]{96}"),
                "TLS 1.2: the master secret of this handshake's client random: " + keys.get(0));
        PcapReader.Capture capture = PcapReader.read(pcap);
        assertEquals(1, capture.secrets().size(), "one Decryption Secrets Block");
        assertEquals(keys, capture.secrets().get(0).lines());
        int clientHelloBlock = capture.segments().stream().filter(s -> s.payload().length > 8
                && s.payload()[0] == 0x12 && s.payload()[8] == 0x16).findFirst().orElseThrow().block();
        assertTrue(capture.secrets().get(0).block() < clientHelloBlock,
                "the secrets come before the handshake they decrypt, as Wireshark reads them in order");
        assertTrue(segments.get(segments.size() - 1).fin() || segments.get(segments.size() - 2).fin(),
                "it ends with the TCP close");
    }

    /** The Bouncy Castle engine (the dhe scenario: TLS_DHE_RSA suites) hands out its TLS 1.2 secret too. */
    @Test
    void bouncyCastleHandshakesHaveTheirSecretToo(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("dhe", captures)) {
            try (Connection connection = DriverManager.getConnection(url(server,
                    "encrypt=true;trustServerCertificate=true"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        assertTrue(record.tls().contains("TLS_DHE_RSA"), record.tls());
        byte[] clientHello = PcapReader.segments(Path.of(record.capture())).stream()
                .filter(s -> s.destinationPort() == record.listenerPort()).map(PcapReader.Segment::payload)
                .filter(p -> p.length > 8 && p[0] == 0x12 && p[8] == 0x16).findFirst().orElseThrow();
        String clientRandom = HexFormat.of().formatHex(clientHello, 8 + 11, 8 + 11 + 32);
        List<String> keys = Files.readAllLines(captures.resolve(record.listenerPort() + "-" + record.id() + ".keys"));
        assertEquals(List.of(keys.get(0)), keys);
        assertEquals(keys, PcapReader.read(Path.of(record.capture())).secrets().get(0).lines());
        assertTrue(keys.get(0).matches("CLIENT_RANDOM " + clientRandom + " [0-9a-f]{96}"), keys.get(0));
    }

    /**
     * TDS 8.0 strict: TLS 1.3 first on the socket. The key log holds the traffic secrets of RFC 8446 7.1 for the
     * captured ClientHello's random, and the client's application traffic secret decrypts the first record it sent
     * after its Finished into its PRELOGIN (packet type 0x12): for BoringSSL and for Bouncy Castle.
     */
    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "bouncycastle"})
    void tls13HandshakesHaveTheirTrafficSecrets(String engine, @TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load("healthy",
                        com.typesafe.config.ConfigFactory.parseString("tls.engine = " + engine))
                .withListener("127.0.0.1", 0).withCapture(captures), TestServers.certificates())) {
            try (Connection connection = DriverManager.getConnection(url(server,
                    "encrypt=strict;trustStoreType=PKCS12;trustStore=" + TestServers.certificates().caTrustStore()
                            .toAbsolutePath() + ";trustStorePassword="
                            + dev.tdsmock.certs.CertificateStore.TRUST_STORE_PASSWORD))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        assertTrue(record.tls().startsWith("TLSv1.3 "), record.tls());
        java.io.ByteArrayOutputStream fromClient = new java.io.ByteArrayOutputStream();
        PcapReader.segments(Path.of(record.capture())).stream().filter(s -> s.destinationPort() == record.listenerPort())
                .forEach(s -> fromClient.writeBytes(s.payload()));
        List<Tls13Records.Record> records = Tls13Records.records(fromClient.toByteArray());
        assertEquals(0x16, records.get(0).type(), "TLS first on the socket: the ClientHello");
        String clientRandom = HexFormat.of().formatHex(records.get(0).body(), 6, 6 + 32);

        java.util.Map<String, String> secrets = new java.util.HashMap<>();
        for (String line : Files.readAllLines(captures.resolve(record.listenerPort() + "-" + record.id() + ".keys"))) {
            String[] fields = line.split(" ");
            assertEquals(clientRandom, fields[1], line);
            secrets.put(fields[0], fields[2]);
        }
        assertTrue(secrets.keySet().containsAll(List.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0")),
                secrets.keySet().toString());
        // after the ClientHello (and a ChangeCipherSpec for middlebox compatibility): the client's Finished under its
        // handshake secret, then the first record under its application secret
        List<Tls13Records.Record> encrypted = records.stream().filter(r -> r.type() == 0x17).toList();
        String suite = record.tls().split(" ")[1];
        byte[] prelogin = Tls13Records.decrypt(suite, HexFormat.of().parseHex(secrets.get("CLIENT_TRAFFIC_SECRET_0")),
                encrypted.get(1), 0);
        assertEquals(0x12, prelogin[0], "TDS 8.0: the PRELOGIN, inside TLS (MS-TDS 3.2.5.1)");

        PcapReader.Capture capture = PcapReader.read(Path.of(record.capture()));
        assertEquals(secrets.keySet(), capture.secrets().get(0).lines().stream().map(line -> line.split(" ")[0])
                .collect(java.util.stream.Collectors.toSet()), "the same secrets inside the capture");
        int serverHelloBlock = capture.segments().stream().filter(s -> s.sourcePort() == record.listenerPort()
                && s.payload().length > 0).findFirst().orElseThrow().block();
        assertTrue(capture.secrets().get(0).block() < serverHelloBlock, "the secrets come before the ServerHello");
    }

    @Test
    void aResetEndsTheCaptureWithAnRstFromTheServer(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("no-common-cipher", captures)) {
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url(server,
                    "encrypt=true;trustServerCertificate=true")));
            record = Journals.awaitEnded(server, 1).get(0);
        }
        assertEquals(Ending.Kind.RST, record.ending().kind(), record.toString());
        List<PcapReader.Segment> segments = PcapReader.segments(Path.of(record.capture()));
        PcapReader.Segment last = segments.get(segments.size() - 1);
        assertTrue(last.rst() && last.sourcePort() == record.listenerPort(), "the server's RST ends it: " + last);
        assertTrue(segments.stream().noneMatch(PcapReader.Segment::fin), "no FIN where the wire had a reset");
        assertTrue(Files.notExists(captures.resolve(record.listenerPort() + "-" + record.id() + ".keys")),
                "no handshake, no secrets");
    }

    /** A forcibly closed server sends no TLS close_notify before its reset, whatever the TLS library does on close. */
    @Test
    void aResetAfterTheHandshakeHasNoCloseNotifyBeforeIt(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("healthy", captures)) {
            server.faults().add(dev.tdsmock.faults.FaultReader.read("{ type = close, at = request, ending = rst }"));
            try (Connection connection = DriverManager.getConnection(url(server,
                    "encrypt=true;trustServerCertificate=true"))) {
                assertThrows(SQLException.class, () -> Jdbc.single(connection, "SELECT 1"));
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        assertEquals(Ending.Kind.RST, record.ending().kind(), record.toString());
        List<PcapReader.Segment> segments = PcapReader.segments(Path.of(record.capture()));
        PcapReader.Segment last = segments.get(segments.size() - 1);
        assertTrue(last.rst() && last.sourcePort() == record.listenerPort(), "the server's RST ends it: " + last);
        PcapReader.Segment lastWritten = segments.stream().filter(s -> s.sourcePort() == record.listenerPort()
                && s.payload().length > 0).reduce((a, b) -> b).orElseThrow();
        assertEquals(0x17, lastWritten.payload()[0] & 0xFF, "the server's last record is the login's answer"
                + " (application data), not an alert (0x15)");
    }

    @Test
    void withoutTheSettingNothingIsCaptured(@TempDir Path captures) throws Exception {
        try (TdsServer server = TestServers.start("healthy")) {
            try (Connection connection = DriverManager.getConnection(url(server, "encrypt=false"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            assertEquals(null, Journals.awaitEnded(server, 1).get(0).capture());
        }
        assertNotNull(captures);
    }

    @Test
    void capturesAreSwitchedOnAndOffWhileTheListenerRuns(@TempDir Path captures) throws Exception {
        ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);
        try (TdsServer server = TestServers.start("healthy")) {
            server.changeSettings(loader.load("healthy").withListener("127.0.0.1", server.port()).withCapture(captures));
            try (Connection connection = DriverManager.getConnection(url(server, "encrypt=false;applicationName=on"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            server.changeSettings(loader.load("healthy").withListener("127.0.0.1", server.port()));
            try (Connection connection = DriverManager.getConnection(url(server, "encrypt=false;applicationName=off"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            List<ConnectionRecord> ended = Journals.awaitEnded(server, 2);
            ConnectionRecord on = ended.stream().filter(r -> "on".equals(r.login().appName())).findFirst().orElseThrow();
            ConnectionRecord off = ended.stream().filter(r -> "off".equals(r.login().appName())).findFirst().orElseThrow();
            assertTrue(Files.size(Path.of(on.capture())) > 0, on.toString());
            assertEquals(null, off.capture());
        }
    }

    @Test
    void aDelayIsAGapInTheTimestamps(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("healthy", captures)) {
            server.faults().add(dev.tdsmock.faults.FaultReader.read("{ type = delay, at = request, for = 400ms }"));
            try (Connection connection = DriverManager.getConnection(url(server, "encrypt=false"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            record = Journals.awaitEnded(server, 1).get(0);
        }
        List<PcapReader.Segment> segments = PcapReader.segments(Path.of(record.capture()));
        // encrypt=false: TLS covers LOGIN7 only, the SQLBatch (0x01) goes in the clear
        PcapReader.Segment batch = segments.stream().filter(s -> s.destinationPort() == record.listenerPort()
                && s.payload().length > 0 && s.payload()[0] == 0x01).findFirst().orElseThrow();
        PcapReader.Segment answer = segments.stream().filter(s -> s.micros() >= batch.micros()
                && s.sourcePort() == record.listenerPort() && s.payload().length > 0).findFirst().orElseThrow();
        assertTrue(answer.micros() - batch.micros() >= 400_000, "SQLBatch at " + batch.micros() + ", its answer at "
                + answer.micros());
    }

    @Test
    void aHalfCloseIsTheServersFinFirst(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("healthy", captures)) {
            server.faults().add(dev.tdsmock.faults.FaultReader.read("{ type = close, at = login, ending = half-close }"));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url(server, "encrypt=false")));
            record = Journals.awaitEnded(server, 1).get(0);
        }
        assertEquals(Ending.Kind.HALF_CLOSE, record.ending().kind(), record.toString());
        List<PcapReader.Segment> fins = PcapReader.segments(Path.of(record.capture())).stream()
                .filter(PcapReader.Segment::fin).toList();
        assertEquals(2, fins.size(), fins.toString());
        assertEquals(record.listenerPort(), fins.get(0).sourcePort(), "the server's FIN first: " + fins);
        assertEquals(record.clientPort(), fins.get(1).sourcePort(), "then the client's: " + fins);
    }

    @Test
    void theControlApiHandsOutACaptureAndItsSecrets(@TempDir Path captures) throws Exception {
        dev.tdsmock.control.Listeners listeners = new dev.tdsmock.control.Listeners(
                new ScenarioLoader(TestServers.SCENARIOS));
        TdsServer server = start("healthy", captures);
        listeners.add(server, "healthy");
        dev.tdsmock.control.ControlApi api = dev.tdsmock.control.ControlApi.start("127.0.0.1", 0,
                java.util.Optional.empty(), listeners, TestServers.certificates());
        try {
            try (Connection connection = DriverManager.getConnection(url(server,
                    "encrypt=true;trustServerCertificate=true"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + api.port() + "/journal/" + record.id();
            java.net.http.HttpResponse<byte[]> pcap = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/capture?port=" + server.port())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, pcap.statusCode());
            assertEquals("application/x-pcapng", pcap.headers().firstValue("content-type").orElse(""));
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(Path.of(record.capture())), pcap.body()));
            java.net.http.HttpResponse<String> keys = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/keys")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, keys.statusCode());
            assertTrue(keys.body().startsWith("CLIENT_RANDOM "), keys.body());
            dev.tdsmock.client.ControlClient client = dev.tdsmock.client.ControlClient.of(
                    java.net.URI.create("http://127.0.0.1:" + api.port()));
            assertTrue(java.util.Arrays.equals(pcap.body(), client.capture(server.port(), record.id())));
            assertEquals(keys.body(), client.captureKeys(server.port(), record.id()));
            java.net.http.HttpResponse<String> unknown = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + api.port() + "/journal/999/capture")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("no connection 999 in the journal"), unknown.body());
        } finally {
            api.close();
            listeners.closeAll();
        }
    }

    /** POST and DELETE /listeners/{port}/capture switch a running listener's captures, through ControlClient too. */
    @Test
    void theControlApiStartsAndStopsCaptures(@TempDir Path captures) throws Exception {
        dev.tdsmock.control.Listeners listeners = new dev.tdsmock.control.Listeners(
                new ScenarioLoader(TestServers.SCENARIOS));
        TdsServer server = TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load("healthy")
                .withListener("127.0.0.1", 0), TestServers.certificates());
        listeners.add(server, "healthy");
        dev.tdsmock.control.ControlApi api = dev.tdsmock.control.ControlApi.start("127.0.0.1", 0,
                java.util.Optional.empty(), listeners, TestServers.certificates());
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.URI call = java.net.URI.create("http://127.0.0.1:" + api.port() + "/listeners/" + server.port()
                    + "/capture");
            java.net.http.HttpResponse<String> off = http.send(java.net.http.HttpRequest.newBuilder(call).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, off.statusCode());
            com.fasterxml.jackson.databind.JsonNode state = dev.tdsmock.journal.JournalJson.mapper().readTree(off.body());
            assertEquals(server.port(), state.get("port").asInt());
            assertTrue(state.get("directory").isNull(), off.body());
            java.net.http.HttpResponse<String> wrong = http.send(java.net.http.HttpRequest.newBuilder(call)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"directory\": 5}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            Path aFile = Files.writeString(captures.resolve("a-file"), "not a folder");
            java.net.http.HttpResponse<String> unwritable = http.send(java.net.http.HttpRequest.newBuilder(call)
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"directory\": \""
                            + aFile.toString().replace("\\", "\\\\") + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unwritable.statusCode(), unwritable.body());
            assertTrue(unwritable.body().contains("cannot capture into " + aFile), unwritable.body());
            assertEquals(400, wrong.statusCode());
            assertTrue(wrong.body().contains("{\\\"directory\\\": \\\"DIR\\\"}"), wrong.body());

            dev.tdsmock.client.ControlClient client = dev.tdsmock.client.ControlClient.of(
                    java.net.URI.create("http://127.0.0.1:" + api.port()));
            client.startCapture(server.port(), captures.toString());
            try (Connection connection = DriverManager.getConnection(url(server, "encrypt=false"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            ConnectionRecord captured = Journals.awaitEnded(server, 1).get(0);
            assertEquals(captures.resolve(server.port() + "-" + captured.id() + ".pcapng").toString(),
                    captured.capture());
            assertTrue(PcapReader.segments(Path.of(captured.capture())).get(0).syn());

            client.stopCapture(server.port());
            try (Connection connection = DriverManager.getConnection(url(server, "encrypt=false"))) {
                assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            }
            ConnectionRecord notCaptured = Journals.awaitEnded(server, 2).get(1);
            assertEquals(null, notCaptured.capture());
            try (var files = Files.list(captures)) {
                assertEquals(1, files.filter(f -> f.toString().endsWith(".pcapng")).count());
            }
        } finally {
            api.close();
            listeners.closeAll();
        }
    }

    /** A silent server (ending = silence) never closes: the client does, at its own timeout, and its FIN comes first. */
    @Test
    void aSilentServerLeavesTheCloseToTheClient(@TempDir Path captures) throws Exception {
        ConnectionRecord record;
        try (TdsServer server = start("healthy", captures)) {
            server.faults().add(dev.tdsmock.faults.FaultReader.read("{ type = close, at = login, ending = silence }"));
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url(server, "encrypt=false")
                    .replace("loginTimeout=15", "loginTimeout=2")));
            record = Journals.awaitEnded(server, 1).get(0);
        }
        List<PcapReader.Segment> fins = PcapReader.segments(Path.of(record.capture())).stream()
                .filter(PcapReader.Segment::fin).toList();
        assertEquals(record.clientPort(), fins.get(0).sourcePort(), "the client's FIN first: " + fins);
    }
}
