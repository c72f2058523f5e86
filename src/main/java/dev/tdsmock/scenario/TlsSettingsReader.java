package dev.tdsmock.scenario;

import com.typesafe.config.Config;
import dev.tdsmock.certs.LeafIssuer;
import dev.tdsmock.certs.LeafProfile;
import dev.tdsmock.certs.SentChain;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.tls.bc.DhGroup;
import dev.tdsmock.tls.bc.DhSecretHandling;
import dev.tdsmock.tls.hello.TlsNames;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and checks the {@code tls} block of a scenario. */
final class TlsSettingsReader {
    private static final Set<String> VERSIONS = Set.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final Set<String> SIGNATURES = Set.of("MD5withRSA", "SHA1withRSA", "SHA224withRSA",
            "SHA256withRSA", "SHA384withRSA", "SHA512withRSA");

    private TlsSettingsReader() {
    }

    static Scenario.TlsSettings read(Config tls) {
        Scenario.TlsEngineKind engine = Choices.of("tls.engine", tls.getString("engine"), Scenario.TlsEngineKind.class);
        List<String> protocols = versions("tls.protocols", tls.getStringList("protocols"));
        List<String> strict = versions("tls.strict-protocols", tls.getStringList("strict-protocols"));
        List<Integer> suites = tls.getStringList("cipher-suites").stream().map(TlsNames::cipherSuiteCode).toList();
        return new Scenario.TlsSettings(engine, protocols, strict, suites, certificate(tls.getConfig("certificate")),
                dh(tls.getConfig("dh")), ending(tls.getString("failure-ending")), tls.getDuration("handshake-timeout"),
                Choices.of("tls.strict", tls.getString("strict"), Scenario.Strict.class),
                Choices.of("tls.version-negotiation", tls.getString("version-negotiation"),
                        Scenario.VersionNegotiation.class));
    }

    private static List<String> versions(String setting, List<String> listed) {
        if (listed.isEmpty()) {
            throw new IllegalArgumentException(setting + " is empty");
        }
        for (String version : listed) {
            if (!VERSIONS.contains(version)) {
                throw new IllegalArgumentException(setting + ": '" + version + "' is not one of " + VERSIONS);
            }
        }
        return List.copyOf(listed);
    }

    private static Scenario.CertificateSettings certificate(Config certificate) {
        String key = certificate.getString("key");
        if (!key.equals("RSA") && !key.equals("EC")) {
            throw new IllegalArgumentException("tls.certificate.key '" + key + "' is neither RSA nor EC");
        }
        String signature = certificate.getString("signature");
        if (!SIGNATURES.contains(signature)) {
            throw new IllegalArgumentException("tls.certificate.signature '" + signature + "' is not one of "
                    + SIGNATURES);
        }
        LeafIssuer issuer = Choices.of("tls.certificate.issuer", certificate.getString("issuer"), LeafIssuer.class);
        if (issuer == LeafIssuer.SELF && !key.equals("RSA")) {
            throw new IllegalArgumentException("tls.certificate.issuer = self signs with the leaf's own key, so "
                    + "tls.certificate.key must be RSA");
        }
        LeafProfile leaf;
        try {
            leaf = new LeafProfile(key, signature, issuer, certificate.getString("subject"),
                    certificate.getStringList("host-names"), certificate.getStringList("extended-key-usage"),
                    certificate.getPeriod("valid-from"), certificate.getPeriod("valid-for"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls.certificate: " + e.getMessage(), e);
        }
        return new Scenario.CertificateSettings(certificate.getString("name"), key, signature,
                Choices.of("tls.certificate.check", certificate.getString("check"), Scenario.CertificateCheck.class),
                leaf, Choices.of("tls.certificate.chain", certificate.getString("chain"), SentChain.class));
    }

    private static Scenario.DhSettings dh(Config dh) {
        String group = dh.getString("group");
        DhGroup dhGroup = group.equals("custom")
                ? DhGroup.custom(hex("tls.dh.custom-prime", dh.getString("custom-prime")),
                        BigInteger.valueOf(dh.getLong("custom-generator")))
                : DhGroup.named(group);
        return new Scenario.DhSettings(dhGroup, Choices.of("tls.dh.secret", dh.getString("secret"), DhSecretHandling.class),
                dh.getBoolean("short-public-key"));
    }

    private static BigInteger hex(String setting, String text) {
        try {
            return new BigInteger(text.replaceAll("\\s+", ""), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + " is not a hexadecimal number");
        }
    }

    private static Ending.Kind ending(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "rst" -> Ending.Kind.RST;
            case "fin" -> Ending.Kind.FIN;
            case "alert" -> Ending.Kind.ALERT;
            default -> throw new IllegalArgumentException("tls.failure-ending '" + text + "' is none of rst, fin, alert");
        };
    }
}
