package dev.tdsmock.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.capture.ClientStreams;
import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Diagnosing from a capture gives the verdicts the diagnose listener gives the same client online: mssql-jdbc 13
 * with TLS inside PRELOGIN packets and with TDS 8.0 strict, read from pcapng and from classic pcap.
 */
@Timeout(60)
class OfflineDiagnosisTest {
    private static final ScenarioLoader LOADER = new ScenarioLoader(TestServers.SCENARIOS);

    private static String url(int port, String options) {
        CertificateStore certificates = TestServers.certificates();
        return "jdbc:sqlserver://localhost:" + port + ";user=sa;password=Secret123!;loginTimeout=15;"
                + "connectRetryCount=0;trustStore=" + certificates.caTrustStore().toAbsolutePath()
                + ";trustStorePassword=" + CertificateStore.TRUST_STORE_PASSWORD + ";trustStoreType=PKCS12;" + options;
    }

    @Test
    void aCapturedClientGetsTheVerdictsItGetsOnline(@TempDir Path captures) throws Exception {
        for (String options : List.of("encrypt=true", "encrypt=strict")) {
            ConnectionRecord online;
            try (TdsServer diagnose = TdsServer.start(LOADER.load("diagnose").withListener("127.0.0.1", 0)
                    .withCapture(captures.resolve(options)), TestServers.certificates(), null, LOADER)) {
                try (Connection connection = DriverManager.getConnection(url(diagnose.port(), options))) {
                    assertEquals(1, Jdbc.single(connection, "SELECT 1"));
                }
                online = Journals.awaitEnded(diagnose, 1).get(0);
            }
            Path pcapng = Path.of(online.capture());
            for (Path capture : List.of(pcapng, classicPcap(pcapng, captures.resolve(options + ".pcap")))) {
                List<ClientStreams.Stream> streams = ClientStreams.read(capture);
                assertEquals(1, streams.size(), capture.toString());
                assertTrue(streams.get(0).server().endsWith(":" + online.listenerPort()), streams.get(0).server());
                ClientFingerprint offline = CapturedClient.of(streams.get(0).bytes()).orElseThrow();
                assertEquals(options.equals("encrypt=strict"), offline.strict(), options);
                Map<String, Verdict> verdicts = Diagnosis.of(LOADER, TestServers.certificates()).verdicts(offline);
                assertEquals(online.diagnosis().verdicts(), verdicts, options + " from " + capture.getFileName());
            }
        }
    }

    @Test
    void aFileThatIsNoCaptureIsNamed(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a capture at all");
        java.io.IOException error = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> ClientStreams.read(text));
        assertTrue(error.getMessage().contains("neither pcap nor pcapng"), error.getMessage());
        assertFalse(error.getMessage().isBlank());
    }

    /** The same frames as a classic libpcap file (what tcpdump -w writes), microsecond timestamps. */
    private static Path classicPcap(Path pcapng, Path pcap) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(pcapng)).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2)
                .putShort((short) 4).putInt(0).putInt(0).putInt(262_144).putInt(1).array());
        while (in.remaining() >= 12) {
            int start = in.position();
            int type = in.getInt(start);
            int length = in.getInt(start + 4);
            if (type == 6) {
                int captured = in.getInt(start + 20);
                byte[] frame = new byte[captured];
                in.get(start + 28, frame);
                out.writeBytes(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0)
                        .putInt(captured).putInt(captured).array());
                out.writeBytes(frame);
            }
            in.position(start + length);
        }
        return Files.write(pcap, out.toByteArray());
    }
}
