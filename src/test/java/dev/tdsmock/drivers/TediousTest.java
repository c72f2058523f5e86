package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.Node;
import dev.tdsmock.support.TestServers;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Node's tedious, a second-language client, installed from npm into src/test/node. */
@Timeout(300)
class TediousTest {
    private static TdsServer server;
    private static LogCapture log;

    @BeforeAll
    static void install() throws Exception {
        Node.requireTedious();
        log = new LogCapture();
        server = TestServers.start("healthy");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            log.close();
        }
    }

    @ParameterizedTest(name = "encrypt={0}")
    @ValueSource(strings = {"false", "true", "strict"})
    void selectOne(String encrypt) throws Exception {
        String ca = TestServers.certificates().caPem().toAbsolutePath().toString();
        Node.Result tedious = Node.run(List.of("node", "select-one.js", Integer.toString(server.port()), encrypt, ca), 60);
        assertEquals(0, tedious.exitCode(), tedious.output());
        assertTrue(tedious.output().contains("{\"values\":[1]}"), tedious.output());
        log.awaitLine("app='Tedious'");
    }
}
