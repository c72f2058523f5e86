package dev.tdsmock.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Node's tedious (OpenSSL, TLS 1.2 and 1.3) meeting the article's TLS scenarios: its words, and the journal's. */
@Timeout(300)
class TediousTlsFaultsTest {
    @BeforeAll
    static void install() throws Exception {
        Node.requireTedious();
    }

    private static Node.Result selectOne(TdsServer server) throws Exception {
        String ca = TestServers.certificates().caPem().toAbsolutePath().toString();
        return Node.run(List.of("node", "select-one.js", Integer.toString(server.port()), "true", ca), 60);
    }

    /**
     * tedious offers TLS 1.0 to 1.2, but Node's OpenSSL refuses a TLS 1.0 or 1.1 ServerHello at its security
     * level: it answers with protocol_version, which the journal records as the client's refusal.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"tls10-only, TLSv1", "tls11-only, TLSv1.1"})
    void openSslRefusesTheOldServerHelloItOffered(String scenario, String version) throws Exception {
        try (TdsServer server = TestServers.start(scenario)) {
            Node.Result tedious = selectOne(server);
            assertEquals(1, tedious.exitCode(), tedious.output());
            assertTrue(tedious.output().contains("ssl_choose_client_version:unsupported protocol"), tedious.output());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(List.of(0x0303, 0x0302, 0x0301), record.clientHello().offeredVersions());
            assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
            assertEquals(Ending.Kind.ALERT, record.ending().kind(), record.toString());
            assertTrue(record.ending().reason().startsWith("the client refused the TLS handshake: fatal alert "
                    + "protocol_version after the server's ServerHello (" + version + " "), record.ending().reason());
            assertTrue(record.tlsFault().startsWith("the server answered " + version + " "), record.tlsFault());
            assertTrue(record.tlsFault().endsWith("(it speaks [" + version + "]), which the client refused"),
                    record.tlsFault());
            assertNull(record.tls());
        }
    }

    /** Refused before any ServerHello, as Schannel does: tedious reads the reset. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cert-sha224      | the server certificate is signed with SHA224withRSA",
        "cert-sha512      | the server certificate is signed with SHA512withRSA",
        "no-common-cipher | no common cipher suite",
    })
    void refusedBeforeServerHelloWithAReset(String scenario, String reason) throws Exception {
        try (TdsServer server = TestServers.start(scenario)) {
            Node.Result tedious = selectOne(server);
            assertEquals(1, tedious.exitCode(), tedious.output());
            assertTrue(tedious.output().contains("read ECONNRESET"), tedious.output());

            ConnectionRecord record = Journals.awaitEnded(server, 1).get(0);
            assertEquals(Ending.Side.SERVER, record.ending().by(), record.toString());
            assertEquals(Ending.Kind.RST, record.ending().kind(), record.toString());
            assertTrue(record.tlsFault().startsWith(reason), record.tlsFault());
        }
    }
}
