package dev.tdsmock.scenario;

import dev.tdsmock.certs.LeafProfile;
import dev.tdsmock.certs.SentChain;

import dev.tdsmock.faults.FaultDefinition;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.tls.bc.DhGroup;
import dev.tdsmock.tls.bc.DhSecretHandling;
import dev.tdsmock.sql.ScriptedAnswer;
import dev.tdsmock.wire.PreLogin;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One scenario file, read and checked: everything a listener needs to behave as the scenario says.
 *
 * @param faults the faults the listener starts with, in order (see {@link dev.tdsmock.faults.FaultReader})
 * @param upstream the SQL Server the listener relays logins and requests to, or {@link Upstream#NONE}
 * @param diagnose whether each login is answered with the verdicts of every other scenario of the catalogue on the
 *                 client (see diagnose in scenario-defaults.conf)
 */
public record Scenario(
        String name,
        String description,
        Listener listener,
        PreLoginSettings prelogin,
        TlsSettings tls,
        LoginSettings login,
        Limits limits,
        List<ScriptedAnswer> answers,
        Churn churn,
        List<FaultDefinition> faults,
        Capture capture,
        boolean diagnose,
        Upstream upstream) {

    /**
     * The SQL Server a listener puts its faults in front of (see upstream in scenario-defaults.conf): the client's
     * TDS and TLS end at the listener, which logs in there with the client's LOGIN7 and relays what follows.
     *
     * @param host the upstream's address or name; empty for none (the listener answers itself)
     * @param trustCa a PEM file of the CA the upstream's certificate must chain to; empty to take any certificate
     * @param hostName the name sent as SNI and checked against the certificate; empty for {@code host}
     * @param connectTimeout how long the TCP connect may take
     */
    public record Upstream(String host, int port, UpstreamEncryption encrypt, java.util.Optional<java.nio.file.Path> trustCa,
                           String hostName, UpstreamRouting routing, Duration connectTimeout) {
        public static final Upstream NONE = new Upstream("", 1433, UpstreamEncryption.ON, java.util.Optional.empty(),
                "", UpstreamRouting.FOLLOW, Duration.ofSeconds(15));

        public boolean enabled() {
            return !host.isEmpty();
        }

        /** {@code host:port}, brackets around an IPv6 address. */
        public String address() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }

        /** The name TLS checks and sends as SNI. */
        public String tlsName() {
            return hostName.isEmpty() ? host : hostName;
        }

        /** The same settings for another server (where the CLI or a routing ENVCHANGE points). */
        public Upstream at(String otherHost, int otherPort) {
            return new Upstream(otherHost, otherPort, encrypt, trustCa, hostName, routing, connectTimeout);
        }
    }

    /** How the listener encrypts its own connection to the upstream. */
    public enum UpstreamEncryption {
        /** TDS 8.0: TLS first, then PRELOGIN inside it (ALPN tds/8.0). */
        STRICT,
        /** PRELOGIN ENCRYPT_ON: the TLS handshake inside PRELOGIN packets, then the whole connection encrypted. */
        ON,
        /** PRELOGIN ENCRYPT_OFF: only LOGIN7 encrypted, unless the upstream requires more (ENCRYPT_REQ). */
        OFF
    }

    /** What the listener does with a routing ENVCHANGE (type 20) in the upstream's login answer. */
    public enum UpstreamRouting {
        /** Logs in again where it points, with the same LOGIN7; the client never sees it. */
        FOLLOW,
        /** Relays it: the client goes there itself, past the listener. */
        PASS
    }

    /**
     * Where each connection's capture goes (see scenario-defaults.conf, capture.directory).
     *
     * @param directory the folder, or empty for no captures
     */
    public record Capture(java.util.Optional<java.nio.file.Path> directory) {
        public static final Capture NONE = new Capture(java.util.Optional.empty());
    }

    public record Listener(String host, int port, AcceptSettings accept) {
    }

    /**
     * How connections get from the OS to the server; see scenario-defaults.conf.
     *
     * @param seed the seed of the jitter's generator, or null for a new one on each start
     */
    public record AcceptSettings(AcceptModel model, int backlog, WhenFull whenFull, int workers, Duration cost,
                                 Duration jitter, Duration stallEvery, Duration stallFor, boolean paused, Long seed) {
    }

    public enum AcceptModel {
        IMMEDIATE,
        WORKERS
    }

    public enum WhenFull {
        RESET,
        REFUSE,
        KERNEL
    }

    /**
     * Connection churn per client address and the client ports it costs (KB 328476); see the churn block of
     * scenario-defaults.conf.
     *
     * @param timeWait how long a port the client closed first stays in TIME_WAIT (whole seconds)
     * @param clientPorts the ephemeral ports one client address has
     * @param warnPortsPercent the share of clientPorts in use (percent) above which a warning is logged
     */
    public record Churn(int warnPerMinute, Duration timeWait, int clientPorts, int warnPortsPercent,
                        Exhaust exhaust) {
    }

    /** What the server does once a client address has spent its ports. */
    public enum Exhaust {
        /** Nothing: it serves, counts and journals. */
        OFF,
        /** New connections from that address are reset at once, as far as a server can show a client out of ports. */
        REFUSE
    }

    public record PreLoginSettings(ServerEncryption encryption, PreLogin.Version version,
                                   boolean rejectClientCertificate) {
    }

    /**
     * @param cipherSuites IANA codes, in the server's order; empty for the engine's defaults
     * @param failureEnding how a refused or failed handshake ends: RST, FIN or ALERT
     */
    public record TlsSettings(TlsEngineKind engine, List<String> protocols, List<String> strictProtocols,
                              List<Integer> cipherSuites, CertificateSettings certificate, DhSettings dh,
                              Ending.Kind failureEnding, Duration handshakeTimeout, Strict strict,
                              VersionNegotiation versionNegotiation) {
    }

    /** How the server picks the TLS version of a handshake: see tls.version-negotiation in scenario-defaults.conf. */
    public enum VersionNegotiation {
        /**
         * RFC 8446 4.2.1: from the client's supported_versions extension when it sends one; with no version in
         * common the handshake is refused before any ServerHello.
         */
        SUPPORTED_VERSIONS,
        /**
         * RFC 5246 appendix E.1, as Schannel builds that predate TLS 1.3 do: supported_versions is ignored and the
         * ServerHello carries the highest version the server speaks not above the ClientHello's legacy_version;
         * a client that does not accept it refuses it with its own alert. Refused before any ServerHello only
         * when no version the server speaks is that low.
         */
        LEGACY_VERSION
    }

    /** Which of the two ways to start TLS the server takes: see tls.strict in scenario-defaults.conf. */
    public enum Strict {
        /** TDS 7.x (PRELOGIN first) and TDS 8.0 (TLS first) alike. */
        ALLOWED,
        /** TDS 8.0 only, as SQL Server 2022 with "Force Strict Encryption": a PRELOGIN-first connection is reset. */
        REQUIRED,
        /** TDS 7.x only, as SQL Server before 2022: a TLS-first connection is reset. */
        REFUSED
    }

    public enum TlsEngineKind {
        BORINGSSL,
        BOUNCYCASTLE
    }

    /**
     * The server certificate: see tls.certificate in scenario-defaults.conf.
     *
     * @param signature the JCA name of the hash and key the CA signs the certificate with, e.g. MD5withRSA
     * @param leaf what the leaf certificate is (issuer, subject, names, purposes, validity; RFC 5280 fields)
     * @param chain which part of the certification path the server sends
     */
    public record CertificateSettings(String name, String key, String signature, CertificateCheck check,
                                      LeafProfile leaf, SentChain chain) {
    }

    public enum CertificateCheck {
        /** Refuse, as Windows does, a chain whose hash the client or old Schannel cannot use in TLS 1.2. */
        SCHANNEL,
        /** Send the chain and let the client decide. */
        SERVE_ANYWAY
    }

    public record DhSettings(DhGroup group, DhSecretHandling secret, boolean shortPublicKey) {
    }

    /**
     * @param acceptedFeatures FEATUREEXTACK data by LOGIN7 feature id
     * @param loginOnlyAnswerAfter with login-only encryption (ENCRYPT_OFF), how long the login answer waits once TLS
     *                             is dropped; zero for at once
     * @param tdsVersion the TDS version the server answers with whatever the client asked for (LOGINACK's
     *                   TDSVersion, MS-TDS 2.2.7.14), or null to answer the client's own up to 7.4
     */
    public record LoginSettings(String serverName, String programName, int[] programVersion, String database,
                                String language, Map<Integer, byte[]> acceptedFeatures, Long tdsVersion,
                                SessionRecovery sessionRecovery, Duration loginOnlyAnswerAfter) {
    }

    /** What the server answers a client that asks for session recovery (FEATUREEXT SESSIONRECOVERY, 0x01). */
    public enum SessionRecovery {
        /** Acknowledged, as SQL Server 2014 and later do: the client may recover a broken idle session. */
        ACK,
        /** Not acknowledged: the client does not try. */
        NO_ACK,
        /** Acknowledged, then marked unrecoverable (SESSIONSTATE with fRecoverable 0). */
        UNRECOVERABLE
    }

    /**
     * What one client may cost; see the limits block of scenario-defaults.conf.
     *
     * @param maxMessageBytes the largest message payload a client may send, bytes
     * @param maxPacketsPerMessage the most packets (MS-TDS 2.2.3.1) one message may take, empty ones included
     * @param maxBufferedBytesPerListener bytes of unfinished messages all connections of the listener may hold
     * @param loginDeadline time from acceptance to the logged-in state, counted while the server waits for the
     *                      client; zero for none
     * @param journalStatementChars how many characters of each statement the journal keeps, 1 or more
     */
    public record Limits(Duration idleTimeout, Duration sessionIdleTimeout, int maxMessageBytes,
                         int maxPacketsPerMessage, long maxBufferedBytesPerListener, Duration loginDeadline,
                         int journalStatementChars) {
    }

    public Scenario withListener(String host, int port) {
        return new Scenario(name, description, new Listener(host, port, listener.accept()), prelogin, tls, login,
                limits, answers, churn, faults, capture, diagnose, upstream);
    }

    /** The same, writing each connection's capture into {@code directory}. */
    public Scenario withCapture(java.nio.file.Path directory) {
        return new Scenario(name, description, listener, prelogin, tls, login, limits, answers, churn, faults,
                new Capture(java.util.Optional.of(directory)), diagnose, upstream);
    }

    /** The same, in front of the SQL Server at {@code host}:{@code port} with the scenario's other upstream settings. */
    public Scenario withUpstream(String host, int port) {
        return withUpstream(upstream.at(host, port));
    }

    /** The same, in front of {@code other} ({@link Upstream#NONE} to answer itself). */
    public Scenario withUpstream(Upstream other) {
        return new Scenario(name, description, listener, prelogin, tls, login, limits, answers, churn, faults, capture,
                diagnose, other);
    }
}
