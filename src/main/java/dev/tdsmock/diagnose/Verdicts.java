package dev.tdsmock.diagnose;

import dev.tdsmock.faults.FaultDefinition;
import dev.tdsmock.scenario.Scenario;
import dev.tdsmock.scenario.ServerEncryption;
import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.bc.DhSecretHandling;
import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import dev.tdsmock.tls.refusal.HelloCheck;
import dev.tdsmock.tls.refusal.Versions;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.TdsVersion;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Judges whether a client gets into a scenario, step by step as a connection would meet it: TDS 8.0 strict or not,
 * the PRELOGIN encryption matrix, the ClientHello checks the listener runs before any ServerHello
 * ({@link HelloCheck#ALL}), the version it then answers ({@link Versions}), the cipher suites the engine has, the
 * Diffie-Hellman quirks, the certificate, and what no fingerprint can tell (faults, timeouts, load).
 */
final class Verdicts {
    private static final String TDS_8_FIX = "connect with strict encryption: mssql-jdbc and Microsoft.Data.SqlClient"
            + " Encrypt=Strict, tedious encrypt: 'strict'";
    private static final String DHE_PREFIX = "TLS_DHE_";

    private Verdicts() {
    }

    static Verdict of(PreparedScenario prepared, ClientFingerprint client) {
        Scenario scenario = prepared.scenario();
        Scenario.TlsSettings tls = scenario.tls();
        if (tls.strict() == Scenario.Strict.REQUIRED && !client.strict()) {
            return Verdict.out("the server takes TDS 8.0 strict connections only (TLS first) and resets one that"
                    + " starts with PRELOGIN, as this client does", TDS_8_FIX);
        }
        if (tls.strict() == Scenario.Strict.REFUSED && client.strict()) {
            return Verdict.out("the server is older than SQL Server 2022: it resets a TDS 8.0 strict connection,"
                    + " as this client makes", "connect with Encrypt=true (TDS 7.x) rather than strict");
        }
        Optional<Verdict> encryption = encryption(scenario.prelogin().encryption(), client);
        if (encryption.isPresent()) {
            return encryption.get();
        }
        ClientHello hello = client.hello();
        List<HelloCheck.Refusal> unseen = new java.util.ArrayList<>();
        Verdict verdict = null;
        if (hello != null && scenario.prelogin().encryption() != ServerEncryption.NOT_SUPPORTED) {
            verdict = handshake(prepared, client, hello, unseen).orElse(null);
        }
        if (verdict == null) {
            verdict = beyondTheFingerprint(prepared, client).orElseGet(() -> Verdict.in(hello == null
                    ? "nothing in what it sent stops it (it did not encrypt)"
                    : "the server answers " + chosenVersion(prepared, client, hello) + " and a cipher suite it offers"));
        }
        return unseen.isEmpty() || Boolean.FALSE.equals(verdict.getsIn()) ? verdict : unseen(verdict, unseen.get(0));
    }

    /**
     * A check that reads the signature_algorithms a source did not show would have refused a client without the
     * ones it needs: what would otherwise be the verdict depends on them too.
     */
    private static Verdict unseen(Verdict verdict, HelloCheck.Refusal withNone) {
        String note = "fails if the client's signature_algorithms (which the source does not show) leave out what"
                + " this needs: " + withNone.reason();
        return verdict.getsIn() == null ? Verdict.depends(verdict.reason() + "; and it " + note, verdict.fix())
                : Verdict.depends(note, withNone.fix());
    }

    /** MS-TDS 2.2.6.5: a server without TLS against a client that needs it, and the other way round. */
    private static Optional<Verdict> encryption(ServerEncryption server, ClientFingerprint client) {
        Integer level = client.encryption();
        if (server == ServerEncryption.NOT_SUPPORTED && (client.strict() || level != null
                && (level == Encryption.ON || level == Encryption.REQ))) {
            return Optional.of(Verdict.out("the server cannot encrypt (PRELOGIN ENCRYPT_NOT_SUP) and the client"
                    + " requires encryption", "install a certificate on the server, or let the client connect"
                    + " without encryption (Encrypt=false)"));
        }
        if (server == ServerEncryption.REQUIRED && level != null && level == Encryption.NOT_SUP) {
            return Optional.of(Verdict.out("the server forces encryption (ENCRYPT_REQ) and the client cannot"
                    + " encrypt (ENCRYPT_NOT_SUP)", "enable encryption in the client"));
        }
        return Optional.empty();
    }

    /** The TLS handshake as the listener runs it, on this ClientHello. */
    /** @param unseen gets the refusals that hang on signature_algorithms the source did not show */
    private static Optional<Verdict> handshake(PreparedScenario prepared, ClientFingerprint client,
                                               ClientHello hello, List<HelloCheck.Refusal> unseen) {
        Scenario.TlsSettings tls = prepared.scenario().tls();
        List<String> versions = versions(tls, client);
        for (HelloCheck check : HelloCheck.ALL) {
            Optional<HelloCheck.Refusal> refusal = check.refuse(client.signatureAlgorithmsShown() ? hello
                    : withSignatureAlgorithms(hello, EVERY_SIGNATURE_ALGORITHM), versions, prepared.tls());
            if (refusal.isPresent()) {
                return Optional.of(Verdict.out(refusal.get().reason(), refusal.get().fix()));
            }
            if (!client.signatureAlgorithmsShown()) {
                check.refuse(withSignatureAlgorithms(hello, List.of()), versions, prepared.tls())
                        .ifPresent(unseen::add);
            }
        }
        Optional<String> refusedByClient = Versions.chosenButNotOffered(hello, versions, tls.versionNegotiation());
        if (refusedByClient.isPresent()) {
            return Optional.of(Verdict.out(refusedByClient.get() + ", which the client refuses", "have the server"
                    + " speak a version the client offers (the article's fix: enable TLS 1.2 on the server), or"
                    + " enable " + chosenVersion(prepared, client, hello) + " in the client"));
        }
        Optional<Verdict> oldestVersion = oldestVersion(prepared, client, hello);
        if (oldestVersion.isPresent()) {
            return oldestVersion;
        }
        List<Integer> suites = prepared.tls().enabledCipherSuites(client.strict());
        List<Integer> common = suites.stream().filter(hello::offersCipherSuite).toList();
        if (!suites.isEmpty() && common.isEmpty()) {
            return Optional.of(Verdict.out("no common cipher suite: none of the client's " + hello.cipherSuites()
                    .size() + " suites is one of the " + suites.size() + " the server's TLS engine has",
                    "enable a current suite in the client, e.g. " + TlsNames.cipherSuite(suites.get(0))));
        }
        return diffieHellman(tls, common);
    }

    /**
     * A ClientHello without supported_versions names only its newest version (legacy_version): the server may answer
     * an older one, and whether the client takes it depends on the oldest it allows, which it does not send (Node's
     * OpenSSL 3 refuses TLS 1.0 and 1.1 by default; Schannel of old takes them).
     */
    private static Optional<Verdict> oldestVersion(PreparedScenario prepared, ClientFingerprint client,
                                                   ClientHello hello) {
        if (!hello.supportedVersions().isEmpty() || hello.offeredVersions().isEmpty()) {
            return Optional.empty();
        }
        Scenario.TlsSettings tls = prepared.scenario().tls();
        Optional<Integer> chosen = Versions.chosen(hello, versions(tls, client), tls.versionNegotiation());
        if (chosen.isEmpty() || chosen.get().equals(hello.offeredVersions().get(0))) {
            return Optional.empty();
        }
        return Optional.of(Verdict.depends("the server answers " + chosenVersion(prepared, client, hello)
                + ", older than the client's newest (" + TlsNames.version(hello.offeredVersions().get(0)) + "); the"
                + " client sends no supported_versions, so whether it allows that old a version does not show",
                "have the server speak the client's newest version (the article's fix: enable TLS 1.2 on the"
                        + " server)"));
    }

    /** Article scenario 5: what the DH quirks of a scenario do to a client the server gives a DHE suite. */
    private static Optional<Verdict> diffieHellman(Scenario.TlsSettings tls, List<Integer> common) {
        List<String> dhe = common.stream().map(TlsNames::cipherSuite).filter(name -> name.startsWith(DHE_PREFIX))
                .toList();
        if (dhe.isEmpty() || dhe.size() < common.size()
                && !TlsNames.cipherSuite(common.get(0)).startsWith(DHE_PREFIX)) {
            return Optional.empty();
        }
        String fix = "disable the TLS_DHE_* suites in the client (or put ECDHE first), or update the server";
        if (tls.dh().secret() == DhSecretHandling.ALWAYS_EXTRA_ZERO) {
            return Optional.of(Verdict.out("the server picks " + dhe.get(0) + " and derives its secret from the DH"
                    + " shared secret with an extra zero byte in front: every handshake's Finished fails", fix));
        }
        if (tls.dh().secret() == DhSecretHandling.KEEP_LEADING_ZEROS) {
            return Optional.of(Verdict.depends("exposed: the server picks " + dhe.get(0) + " and keeps the leading"
                    + " zero bytes of the DH shared secret, as unpatched Schannel did: a client that strips them"
                    + " (RFC 5246 8.1.2) fails about 1 handshake in 256", fix));
        }
        if (tls.dh().shortPublicKey()) {
            return Optional.of(Verdict.depends("the server picks " + dhe.get(0) + " and sends a DH public value a"
                    + " byte shorter than the prime: clients that require the full length refuse it", fix));
        }
        return Optional.empty();
    }

    /** What decides the outcome but does not show in what a client sends: the certificate check, faults, load. */
    private static Optional<Verdict> beyondTheFingerprint(PreparedScenario prepared, ClientFingerprint client) {
        Scenario scenario = prepared.scenario();
        if (client.hello() != null && prepared.certificateFault().isPresent()) {
            return Optional.of(Verdict.depends("fails if the client validates the server certificate ("
                    + prepared.certificateFault().get() + "), gets in if it trusts any (TrustServerCertificate)",
                    "give the server a certificate the client trusts for this host name"));
        }
        if (!scenario.faults().isEmpty()) {
            return Optional.of(Verdict.depends("it depends on how the client meets the scenario's faults: "
                    + scenario.faults().stream().map(Verdicts::describe).collect(Collectors.joining("; ")),
                    fix(scenario.faults().get(0))));
        }
        if (scenario.listener().accept().model() == Scenario.AcceptModel.WORKERS) {
            return Optional.of(Verdict.depends("accepting is slow or its backlog small (listener.accept): it depends"
                    + " on how many clients connect at once and on the client's connect timeout",
                    "pool connections, open fewer at once, and retry"));
        }
        Long answered = scenario.login().tdsVersion();
        if (answered != null && answered >= TdsVersion.V7_0 && answered < TdsVersion.V7_2) {
            return Optional.of(Verdict.depends("the server answers the login as SQL Server 2000 or older (TDS "
                    + String.format("0x%08X", answered) + "): drivers that need SQL Server 2005 or later refuse it",
                    "use a driver that speaks TDS 7.1: jTDS, or FreeTDS with tds version = 7.1"));
        }
        return Optional.empty();
    }

    /** What the client side can do about a fault, by its type. */
    private static String fix(FaultDefinition fault) {
        return switch (fault.type()) {
            case "route" -> "follow the routing ENVCHANGE (TDS 7.4 drivers do) and reach the host and port it names";
            case "delay" -> "give the client a login timeout longer than the delay";
            case "login-error" -> "retry the login (connect retries, transient-fault handling): it gets in once the"
                    + " errors stop";
            case "close" -> "give the client timeouts that end the wait, and retry";
            default -> "give the client a login timeout and connect retries that outlast it";
        };
    }

    /** "delay at login for 5s": the fault's type, then what its file gave, in name order. */
    private static String describe(FaultDefinition fault) {
        return fault.type() + " " + fault.given().entrySet().stream().filter(entry -> !entry.getKey().equals("type"))
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(" "));
    }

    /** Every TLS 1.2 (hash, signature) pair (RFC 5246 7.4.1.4.1) and TLS 1.3 scheme (RFC 8446 4.2.3) named. */
    private static final List<Integer> EVERY_SIGNATURE_ALGORITHM = everySignatureAlgorithm();

    private static List<Integer> everySignatureAlgorithm() {
        List<Integer> all = new java.util.ArrayList<>();
        for (int hash = 1; hash <= 6; hash++) {
            for (int signature = 1; signature <= 3; signature++) {
                all.add(hash << 8 | signature);
            }
        }
        all.addAll(List.of(0x0804, 0x0805, 0x0806, 0x0807, 0x0808, 0x0809, 0x080a, 0x080b));
        return List.copyOf(all);
    }

    private static ClientHello withSignatureAlgorithms(ClientHello hello, List<Integer> algorithms) {
        return new ClientHello(hello.recordVersion(), hello.legacyVersion(), hello.supportedVersions(),
                hello.cipherSuites(), hello.compressionMethods(), hello.extensionTypes(), hello.serverName(),
                hello.alpn(), hello.supportedGroups(), algorithms, List.of(), hello.keyShareGroups());
    }

    private static List<String> versions(Scenario.TlsSettings tls, ClientFingerprint client) {
        return client.strict() ? tls.strictProtocols() : tls.protocols();
    }

    private static String chosenVersion(PreparedScenario prepared, ClientFingerprint client, ClientHello hello) {
        Scenario.TlsSettings tls = prepared.scenario().tls();
        return Versions.chosen(hello, versions(tls, client), tls.versionNegotiation()).map(TlsNames::version)
                .map(name -> name.equals("TLSv1") ? "TLSv1.0" : name).orElse("no TLS version")
                .replace("TLSv", "TLS ");
    }
}
