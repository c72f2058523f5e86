package dev.tdsmock.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.support.TlsFirstHandshake;
import dev.tdsmock.support.TrustAll;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * faults.probability: only that share of connections meets the scenario's fault; the others are served
 * healthy. With one half and forty TLS-first handshakes, both outcomes show (all forty alike would happen
 * once in 2^39 runs), and the journal tells which connection met the fault.
 */
@Timeout(120)
class FaultProbabilityTest {
    @Test
    void halfTheConnectionsMeetTheFault() throws Exception {
        SSLContext client = TrustAll.clientContext();
        try (TdsServer server = TestServers.start("tls10-only-half.conf")) {
            int handshakes = 40;
            int succeeded = 0;
            for (int i = 0; i < handshakes; i++) {
                if (TlsFirstHandshake.succeeds(client, server.port())) {
                    succeeded++;
                }
            }
            assertTrue(succeeded > 0 && succeeded < handshakes, succeeded + " of " + handshakes + " got through");
            List<ConnectionRecord> records = Journals.awaitEnded(server, handshakes);
            long faulted = records.stream().filter(r -> r.ending().kind() == Ending.Kind.RST).count();
            assertEquals(handshakes - succeeded, faulted);
            for (ConnectionRecord record : records) {
                boolean reset = record.ending().kind() == Ending.Kind.RST;
                assertEquals(reset, record.fault() != null, record.toString());
            }
        }
    }
}
