package dev.tdsmock.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.tls.bc.DhSecretHandling;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ScenarioLoaderTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);

    private static List<String> shippedScenarios() throws IOException {
        try (Stream<Path> files = Files.list(TestServers.SCENARIOS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                    .map(n -> n.substring(0, n.length() - ".conf".length())).sorted().toList();
        }
    }

    @Test
    void everyShippedScenarioLoadsUnderItsOwnNameAndPort() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (String name : shippedScenarios()) {
            Scenario scenario = loader.load(name);
            assertEquals(name, scenario.name(), "the file name is the scenario's name");
            assertTrue(!scenario.description().isBlank(), name);
            assertTrue(ports.add(scenario.listener().port()), name + " shares port " + scenario.listener().port());
        }
        assertTrue(ports.size() >= 13);
    }

    @Test
    void tlsSettingsAreRead() {
        Scenario.TlsSettings tls = loader.load("dhe-leading-zero").tls();
        assertEquals(Scenario.TlsEngineKind.BOUNCYCASTLE, tls.engine());
        assertEquals(DhSecretHandling.KEEP_LEADING_ZEROS, tls.dh().secret());
        assertEquals(Ending.Kind.FIN, tls.failureEnding());
        assertEquals(0x009F, tls.cipherSuites().get(0), "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void aCustomDhPrime(@TempDir Path dir) throws IOException {
        // RFC 2409's 768-bit prime (Oakley group 1)
        String prime = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
                + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF";
        Path file = dir.resolve("custom.conf");
        Files.writeString(file, "tls { engine = bouncycastle, dh { group = custom, custom-prime = \"" + prime
                + "\", custom-generator = 2 } }\n");
        Scenario.DhSettings dh = loader.load(file.toString()).tls().dh();
        assertEquals(new BigInteger(prime, 16), dh.group().p());
        assertEquals(BigInteger.TWO, dh.group().g());
    }

    @Test
    void aBadValueNamesTheSettingTheFileAndTheLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad-value.conf");
        Files.writeString(file, "name = bad-value\ntls {\n  version-negotiation = nonsense\n}\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file.toString()));
        assertTrue(e.getMessage().endsWith("tls.version-negotiation 'nonsense' is none of [supported-versions, "
                + "legacy-version] (" + file + ": 3)"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongKindIsNamedInPlainWordsWithItsWholePathAndLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("wrong-kind.conf");
        Files.writeString(file, "name = wrong-kind\nlimits {\n  idle-timeout = abc\n}\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file.toString()));
        assertTrue(e.getMessage().endsWith("limits.idle-timeout 'abc' is not a duration such as 10s or 500ms ("
                + file + ": 3)"), e.getMessage());
    }

    @Test
    void changedSettingsOfTheWrongKindAreNamedWithoutTypesafeWording() {
        String changed = " (in the settings changed, not in the file)";
        Object[][] cases = {
            {"limits.max-message-bytes", -5, "limits.max-message-bytes -5 is not a size in bytes (0 or more) such as"
                    + " 64KiB or 32767" + changed},
            {"listener.accept.backlog", "x", "listener.accept.backlog 'x' is a text where a number is needed" + changed},
            {"limits.idle-timeout", List.of(1, 2), "limits.idle-timeout [1,2] is a list where a text is needed" + changed},
            {"prelogin.version", null, "prelogin.version is null: give it a value, or leave it out for its default"
                    + changed},
            {"limits.idle-timeout", "-5s", "limits.idle-timeout '-5s' is below 0" + changed},
        };
        for (Object[] c : cases) {
            java.util.Map<String, Object> setting = new java.util.HashMap<>();
            setting.put((String) c[0], c[1]);
            ScenarioException e = assertThrows(ScenarioException.class,
                    () -> loader.load("healthy", com.typesafe.config.ConfigFactory.parseMap(setting)));
            assertTrue(e.getMessage().endsWith(": " + c[2]), setting + " -> " + e.getMessage());
        }
    }

    @Test
    void aMistypedScenarioNameGetsTheClosestOne() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load("dhe-leading-zer"));
        assertTrue(e.getMessage().contains("did you mean 'dhe-leading-zero'?"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(--list or GET /scenarios names them)"), e.getMessage());
        ScenarioException far = assertThrows(ScenarioException.class, () -> loader.load("no-such-scenario"));
        assertTrue(!far.getMessage().contains("did you mean"), far.getMessage());
        assertEquals(3, ScenarioLoader.editDistance("kitten", "sitting"));
    }

    @Test
    void anUnknownSettingIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("typo.conf");
        Files.writeString(file, "tls.protocol = [TLSv1]\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file.toString()));
        assertTrue(e.getMessage().contains("unknown setting 'tls.protocol'"), e.getMessage());
    }

    @Test
    void theRemovedServerClosesSettingShowsTheFaultToWrite(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("old-churn.conf");
        Files.writeString(file, "churn.server-closes = after-login\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file.toString()));
        assertTrue(e.getMessage().contains("'churn.server-closes' is a fault now: faults = [ { type = close, "
                + "at = login, ending = fin, after-answer = true } ]"), e.getMessage());
    }

    @Test
    void churnSettingsAreRead() {
        Scenario.Churn defaults = loader.load("churn").churn();
        assertEquals(java.time.Duration.ofSeconds(240), defaults.timeWait());
        assertEquals(4000, defaults.clientPorts());
        assertEquals(80, defaults.warnPortsPercent());
        assertEquals(Scenario.Exhaust.OFF, defaults.exhaust());
        Scenario.Churn exhaustion = loader.load("churn-port-exhaustion").churn();
        assertEquals(Scenario.Exhaust.REFUSE, exhaustion.exhaust());
        assertEquals(20, exhaustion.clientPorts());
    }

    @Test
    void aTimeWaitOfPartSecondsIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("odd-time-wait.conf");
        Files.writeString(file, "churn.time-wait = 1500ms\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file.toString()));
        assertTrue(e.getMessage().contains("churn.time-wait 1500 ms is not a whole number of seconds"), e.getMessage());
    }

    @Test
    void messageLimitsAndTheLoginDeadlineAreReadAndChecked(@TempDir Path dir) throws IOException {
        Scenario.Limits defaults = loader.load("healthy").limits();
        assertEquals(4 * 1024 * 1024, defaults.maxMessageBytes());
        assertEquals(16384, defaults.maxPacketsPerMessage());
        assertEquals(64L * 1024 * 1024, defaults.maxBufferedBytesPerListener());
        assertEquals(java.time.Duration.ofSeconds(60), defaults.loginDeadline());
        Path noPackets = dir.resolve("no-packets.conf");
        Files.writeString(noPackets, "limits.max-packets-per-message = 0\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(noPackets.toString()));
        assertTrue(e.getMessage().contains("limits.max-packets-per-message 0 is less than 1"), e.getMessage());
        Path tinyBudget = dir.resolve("tiny-budget.conf");
        Files.writeString(tinyBudget, "limits.max-buffered-bytes-per-listener = 1 KiB\n");
        e = assertThrows(ScenarioException.class, () -> loader.load(tinyBudget.toString()));
        assertTrue(e.getMessage().contains("limits.max-buffered-bytes-per-listener 1024 is less than one whole packet"),
                e.getMessage());
    }

    @Test
    void aBadValueIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "tls { engine = bouncycastle, protocols = [SSLv3] }\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load(file.toString()));
        assertTrue(e.getMessage().contains("tls.protocols: 'SSLv3' is not one of"), e.getMessage());
    }

    @Test
    void scenariosTravelInTheJarForProjectsWithoutTheFolder(@TempDir Path empty) {
        Scenario packaged = new ScenarioLoader(empty).load("tls10-only");
        assertEquals("tls10-only", packaged.name());
        assertEquals(List.of("TLSv1"), packaged.tls().protocols());
    }

    @Test
    void overridesWin() {
        Scenario slower = loader.load("slow-login",
                com.typesafe.config.ConfigFactory.parseString("limits.idle-timeout = 250ms"));
        assertEquals(java.time.Duration.ofMillis(250), slower.limits().idleTimeout());
    }

    @Test
    void aMissingScenarioIsNamed() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> loader.load("no-such-scenario"));
        assertTrue(e.getMessage().contains("no scenario 'no-such-scenario'"), e.getMessage());
    }
}
