package dev.tdsmock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.support.TlsFirstHandshake;
import dev.tdsmock.support.TrustAll;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * dhe-leading-zero fails only the handshakes whose DH secret starts with a zero byte (about 1 in 256).
 * The JDK's own TLS client, which strips leading zeros as RFC 5246 says, connects TLS-first (as a TDS 8.0
 * client does) until both outcomes have been seen; the journal must then explain every failure, and
 * nothing else, as a leading-zero secret.
 */
@Timeout(240)
class DheLeadingZeroTest {
    private static final int MAX_HANDSHAKES = 4000;

    @Test
    void onlyLeadingZeroSecretsFail() throws Exception {
        SSLContext client = TrustAll.clientContext();
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("dhe-leading-zero")) {
            int successes = 0;
            int failures = 0;
            while ((successes == 0 || failures == 0) && successes + failures < MAX_HANDSHAKES) {
                if (TlsFirstHandshake.succeeds(client, server.port())) {
                    successes++;
                } else {
                    failures++;
                }
            }
            assertTrue(successes > 0 && failures > 0,
                    "both outcomes within " + MAX_HANDSHAKES + " handshakes: " + successes + " / " + failures);

            List<ConnectionRecord> records = Journals.awaitEnded(server, successes + failures);
            assertEquals(successes + failures, records.size());
            int explained = 0;
            for (ConnectionRecord record : records) {
                if (record.tls() == null) {
                    assertEquals(Ending.Kind.FIN, record.ending().kind(), record.toString());
                    assertTrue(record.tlsFault().startsWith("leading-zero DH secret"), record.toString());
                    explained++;
                } else {
                    assertNull(record.tlsFault(), record.toString());
                    assertTrue(record.tls().contains("TLS_DHE_RSA"), record.tls());
                }
            }
            assertEquals(failures, explained, "every failed handshake is journalled as a leading-zero secret");
            assertEquals(failures, log.count("WARN", "TLS handshake failed: leading-zero DH secret"),
                    "and logged as one, once each");
        }
    }

    @Test
    void leadingZeroAlwaysFailsEveryHandshake() throws Exception {
        SSLContext client = TrustAll.clientContext();
        try (TdsServer server = TestServers.start("dhe-leading-zero-always")) {
            for (int i = 0; i < 20; i++) {
                assertTrue(!TlsFirstHandshake.succeeds(client, server.port()), "handshake " + i + " fails");
            }
            for (ConnectionRecord record : Journals.awaitEnded(server, 20)) {
                assertEquals(Ending.Kind.FIN, record.ending().kind(), record.toString());
                assertTrue(record.tlsFault().startsWith("DH secret with an extra leading zero byte"), record.toString());
            }
        }
    }
}
