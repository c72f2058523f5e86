package dev.tdsmock.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.TestServers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The text captures of real clients (src/test/resources/captures) read into fingerprints, and judged. */
@Timeout(60)
class TextCaptureTest {
    private static final Path CAPTURES = Path.of("src/test/resources/captures");
    private static final Diagnosis DIAGNOSIS = Diagnosis.of(new ScenarioLoader(TestServers.SCENARIOS),
            TestServers.certificates());

    @Test
    void mssqlJdbcStrictIsReadWithItsLoginNames() throws Exception {
        ClientFingerprint client = TextCapture.read(CAPTURES.resolve("mssql-jdbc--all-j13-strict.txt")).orElseThrow();
        assertTrue(client.strict());
        assertNull(client.encryption(), "no PRELOGIN before TLS");
        assertEquals(0x08000000L, client.tdsVersion());
        assertEquals("Microsoft JDBC Driver for SQL Server", client.application());
        assertTrue(client.library().startsWith("Microsoft JDBC Driver 13.6"), client.library());
        assertEquals(37, client.hello().cipherSuites().size());
        assertFalse(client.signatureAlgorithmsShown());
        Map<String, Verdict> verdicts = DIAGNOSIS.verdicts(client);
        assertEquals(Boolean.TRUE, verdicts.get("strict-only").getsIn(), verdicts.get("strict-only").reason());
        assertEquals(Boolean.TRUE, verdicts.get("healthy").getsIn(), "TLS 1.3: no certificate hash check");
    }

    @Test
    void whatHangsOnSignatureAlgorithmsDependsAndTheRestIsJudged() throws Exception {
        ClientFingerprint client = TextCapture.read(CAPTURES.resolve("mssql-jdbc--all-j13-enc.txt")).orElseThrow();
        assertFalse(client.strict());
        assertEquals(1, client.encryption(), "ENCRYPT_ON in its PRELOGIN");
        Map<String, Verdict> verdicts = DIAGNOSIS.verdicts(client);
        assertNull(verdicts.get("healthy").getsIn());
        assertTrue(verdicts.get("healthy").reason().contains("(which the source does not show)"),
                verdicts.get("healthy").reason());
        assertEquals(Boolean.FALSE, verdicts.get("cert-md5").getsIn(), "refused whatever the client lists");
        assertEquals(Boolean.FALSE, verdicts.get("strict-only").getsIn());
        assertEquals(Boolean.FALSE, verdicts.get("tls10-only").getsIn(), verdicts.get("tls10-only").reason());
        assertEquals(Boolean.FALSE, verdicts.get("no-common-cipher").getsIn());
    }

    @Test
    void aClientThatNamesNoVersionsLeavesOldVersionsOpen() throws Exception {
        ClientFingerprint pytds = TextCapture.read(CAPTURES.resolve("pytds--all-pytds-req.txt")).orElseThrow();
        assertTrue(pytds.hello().supportedVersions().isEmpty());
        Verdict tls10 = DIAGNOSIS.verdicts(pytds).get("tls10-only");
        assertNull(tls10.getsIn(), tls10.reason());
        assertTrue(tls10.reason().contains("sends no supported_versions"), tls10.reason());
    }

    @Test
    void aLogin7FirstWithoutTlsGivesNoFingerprint() throws Exception {
        assertTrue(TextCapture.is(CAPTURES.resolve("jtds--jtds-ssl-off-srvoff.txt")));
        assertTrue(TextCapture.read(CAPTURES.resolve("jtds--jtds-ssl-off-srvoff.txt")).isEmpty());
        assertFalse(TextCapture.is(CAPTURES.resolve("README.md")));
    }
}
