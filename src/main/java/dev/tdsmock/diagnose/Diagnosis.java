package dev.tdsmock.diagnose;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenarios of a catalogue, prepared as their listeners would serve them, to judge clients against: for a
 * client's fingerprint, a verdict per scenario ({@link Verdict}). Scenarios that diagnose are left out.
 */
public final class Diagnosis {
    private final List<PreparedScenario> scenarios;

    private Diagnosis(List<PreparedScenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    /** Prepares every scenario {@code loader} knows (their TLS engines and certificates), in name order. */
    public static Diagnosis of(ScenarioLoader loader, CertificateStore certificates) {
        List<PreparedScenario> prepared = new ArrayList<>();
        for (String name : loader.names()) {
            Scenario scenario = loader.load(name);
            if (!scenario.diagnose()) {
                prepared.add(PreparedScenario.of(scenario, certificates));
            }
        }
        return new Diagnosis(prepared);
    }

    /** The verdict of every scenario on the client, by scenario name, in the catalogue's order. */
    public Map<String, Verdict> verdicts(ClientFingerprint client) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (PreparedScenario scenario : scenarios) {
            verdicts.put(scenario.scenario().name(), Verdicts.of(scenario, client));
        }
        return java.util.Collections.unmodifiableMap(verdicts);
    }
}
