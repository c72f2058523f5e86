package dev.tdsmock.scenario;

import dev.tdsmock.sql.ErrorReply;
import dev.tdsmock.sql.ScriptedAnswer;
import dev.tdsmock.wire.PreLogin;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One scenario file, read and checked: everything a listener needs to behave as the scenario says. */
public record Scenario(
        String name,
        String description,
        Listener listener,
        PreLoginSettings prelogin,
        TlsSettings tls,
        LoginSettings login,
        Limits limits,
        List<ScriptedAnswer> answers) {

    public record Listener(String host, int port) {
    }

    public record PreLoginSettings(ServerEncryption encryption, PreLogin.Version version, boolean rejectClientCertificate) {
    }

    public record TlsSettings(List<String> protocols, List<String> strictProtocols, List<String> cipherSuites,
                              String certificate, Duration handshakeTimeout) {
    }

    /** @param acceptedFeatures FEATUREEXTACK data by LOGIN7 feature id */
    public record LoginSettings(String serverName, String programName, int[] programVersion, String database,
                                String language, Map<Integer, byte[]> acceptedFeatures, ErrorReply error) {
    }

    public record Limits(Duration idleTimeout, Duration sessionIdleTimeout, int maxMessageBytes) {
    }

    public Scenario withListener(String host, int port) {
        return new Scenario(name, description, new Listener(host, port), prelogin, tls, login, limits, answers);
    }
}
