package dev.tdsmock.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tdsmock.certs.LeafIssuer;
import dev.tdsmock.certs.LeafProfile;
import dev.tdsmock.certs.SentChain;
import dev.tdsmock.support.TestServers;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tls.certificate settings that say what the leaf is and what the server sends. */
@Timeout(30)
class CertificateSettingsTest {
    private final ScenarioLoader loader = new ScenarioLoader(TestServers.SCENARIOS);

    private Scenario.CertificateSettings load(String scenario, String overrides) {
        return loader.load(scenario, ConfigFactory.parseString(overrides)).tls().certificate();
    }

    @Test
    void theDefaultsAreTheLeafAndCaEveryScenarioHadBefore() {
        Scenario.CertificateSettings healthy = load("healthy", "");
        assertEquals(LeafProfile.standard("RSA", "SHA256withRSA"), healthy.leaf());
        assertEquals(SentChain.FULL, healthy.chain());
        assertEquals("server", healthy.name());
    }

    @Test
    void fieldScenariosAskForTheirLeaf() {
        assertEquals(new LeafProfile("RSA", "SHA256withRSA", LeafIssuer.CA, LeafProfile.STANDARD_SUBJECT,
                LeafProfile.STANDARD_HOST_NAMES, List.of("serverAuth"), Period.ofDays(-90), Period.ofDays(60)),
                load("cert-expired", "").leaf());
        assertEquals(Period.ofDays(30), load("cert-not-yet-valid", "").leaf().validFrom());
        assertEquals(List.of("wrong-host.example"), load("cert-wrong-host", "").leaf().hostNames());
        assertEquals(LeafIssuer.UNTRUSTED_CA, load("cert-untrusted-root", "").leaf().issuer());
        Scenario.CertificateSettings selfSigned = load("cert-self-signed", "");
        assertEquals(LeafIssuer.SELF, selfSigned.leaf().issuer());
        assertEquals("CN=SSL_Self_Signed_Fallback", selfSigned.leaf().subject());
        assertEquals(List.of(), selfSigned.leaf().hostNames());
        Scenario.CertificateSettings incomplete = load("cert-incomplete-chain", "");
        assertEquals(LeafIssuer.INTERMEDIATE, incomplete.leaf().issuer());
        assertEquals(SentChain.LEAF, incomplete.chain());
        assertEquals(List.of("clientAuth"), load("cert-no-server-auth", "").leaf().extendedKeyUsage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tls.certificate.issuer = nobody                            | tls.certificate.issuer 'nobody' is none of",
        "tls.certificate { issuer = self, key = EC }                | tls.certificate.key must be RSA",
        "tls.certificate.extended-key-usage = [codeSigning]         | extended key usage 'codeSigning' is none of",
        "tls.certificate.valid-for = 0d                             | a validity period lasts more than nothing",
        "tls.certificate.chain = everything                         | tls.certificate.chain 'everything' is none of",
        "tls.certificate.subject = \"not a name\"                   | improperly specified input name",
        "tls.certificate.valid-from = soon                          | valid-from",
    })
    void impossibleSettingsAreRefusedByName(String setting, String words) {
        ScenarioException refused = assertThrows(ScenarioException.class, () -> load("healthy", setting));
        assertTrue(refused.getMessage().contains(words), refused.getMessage());
    }
}
