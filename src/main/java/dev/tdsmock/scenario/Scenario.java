package dev.tdsmock.scenario;

import dev.tdsmock.journal.Ending;
import dev.tdsmock.sql.ErrorReply;
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
 * @param faultProbability the share of connections that meet the faults
 * @param unfaulted how the other connections are served; null when every connection meets the faults
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
        double faultProbability,
        Scenario unfaulted) {

    public record Listener(String host, int port, AcceptSettings accept) {
    }

    /** How connections get from the OS to the server; see scenario-defaults.conf. */
    public record AcceptSettings(AcceptModel model, int backlog, WhenFull whenFull, int workers, Duration cost,
                                 Duration jitter, Duration stallEvery, Duration stallFor, boolean paused) {
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

    public record Churn(int warnPerMinute, ServerCloses serverCloses) {
    }

    public enum ServerCloses {
        NEVER,
        AFTER_LOGIN,
        AFTER_QUERY
    }

    public record PreLoginSettings(Duration delay, ServerEncryption encryption, PreLogin.Version version,
                                   boolean rejectClientCertificate) {
    }

    /**
     * @param cipherSuites IANA codes, in the server's order; empty for the engine's defaults
     * @param failureEnding how a refused or failed handshake ends: RST, FIN or ALERT
     */
    public record TlsSettings(TlsEngineKind engine, List<String> protocols, List<String> strictProtocols,
                              List<Integer> cipherSuites, CertificateSettings certificate, DhSettings dh,
                              Ending.Kind failureEnding, Duration handshakeTimeout, Duration delay) {
    }

    public enum TlsEngineKind {
        BORINGSSL,
        BOUNCYCASTLE
    }

    /** @param signature the JCA name of the hash and key the CA signs the certificate with, e.g. MD5withRSA */
    public record CertificateSettings(String name, String key, String signature, CertificateCheck check) {
    }

    public enum CertificateCheck {
        /** Refuse, as Windows does, a chain whose hash the client or old Schannel cannot use in TLS 1.2. */
        SCHANNEL,
        /** Send the chain and let the client decide. */
        SERVE_ANYWAY
    }

    public record DhSettings(DhGroup group, DhSecretHandling secret, boolean shortPublicKey) {
    }

    /** @param acceptedFeatures FEATUREEXTACK data by LOGIN7 feature id */
    public record LoginSettings(Duration delay, String serverName, String programName, int[] programVersion, String database,
                                String language, Map<Integer, byte[]> acceptedFeatures, ErrorReply error) {
    }

    public record Limits(Duration idleTimeout, Duration sessionIdleTimeout, int maxMessageBytes) {
    }

    public Scenario withListener(String host, int port) {
        return new Scenario(name, description, new Listener(host, port, listener.accept()), prelogin, tls, login,
                limits, answers, churn, faultProbability,
                unfaulted == null ? null : unfaulted.withListener(host, port));
    }
}
