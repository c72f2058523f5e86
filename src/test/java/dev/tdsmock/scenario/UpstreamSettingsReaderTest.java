package dev.tdsmock.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The upstream block of a scenario: its defaults, each setting read, and the values it refuses. */
@Timeout(10)
class UpstreamSettingsReaderTest {
    private final ScenarioLoader loader = new ScenarioLoader(Path.of("scenarios"));

    private Scenario.Upstream read(String settings) {
        return loader.load("healthy", ConfigFactory.parseString(settings)).upstream();
    }

    @Test
    void noUpstreamByDefault() {
        Scenario.Upstream none = read("");
        assertFalse(none.enabled());
        assertEquals(Scenario.Upstream.NONE, none);
    }

    @Test
    void everySettingIsRead() {
        Scenario.Upstream read = read("upstream { host = sql.example, port = 14333, encrypt = strict,"
                + " trust-ca = \"certs/ca.pem\", host-name = db.example, routing = pass, connect-timeout = 2s }");
        assertTrue(read.enabled());
        assertEquals("sql.example:14333", read.address());
        assertEquals(Scenario.UpstreamEncryption.STRICT, read.encrypt());
        assertEquals(Optional.of(Path.of("certs/ca.pem").toAbsolutePath()), read.trustCa());
        assertEquals("[::1]:1433", read("upstream.host = \"[::1]\"").address(), "brackets as in a URL");
        assertEquals("db.example", read.tlsName());
        assertEquals(Scenario.UpstreamRouting.PASS, read.routing());
        assertEquals(Duration.ofSeconds(2), read.connectTimeout());
        assertEquals("sql.example", read("upstream.host = sql.example").tlsName(), "host-name defaults to host");
        assertEquals("[::1]:1433", read("upstream.host = \"::1\"").address());
    }

    @Test
    void valuesItCannotTakeAreRefusedByName() {
        for (String[] wrong : new String[][] {
                {"upstream { host = h, port = 0 }", "upstream.port"},
                {"upstream { host = h, encrypt = sometimes }", "upstream.encrypt"},
                {"upstream { host = h, routing = maybe }", "upstream.routing"},
                {"upstream { host = h, connect-timeout = 0s }", "upstream.connect-timeout"},
                {"upstream { host = h, tls = yes }", "upstream.tls"},
                {"upstream { host = h, trust-ca = /no/such/ca.pem }", "upstream.trust-ca"},
                {"upstream { host = h, trust-ca = pom.xml }", "upstream.trust-ca"}}) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> read(wrong[0]), wrong[0]);
            assertTrue(refused.getMessage().contains(wrong[1]), refused.getMessage());
        }
    }
}
