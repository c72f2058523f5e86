package dev.tdsmock.tls.refusal;

import dev.tdsmock.tls.TlsEngines;
import dev.tdsmock.tls.hello.ClientHello;
import java.util.List;
import java.util.Optional;

/**
 * A reason, found in the ClientHello alone, for the server to refuse the handshake before it sends any
 * ServerHello, as Schannel does. Each check is one class; {@link #ALL} lists them in the order they run.
 */
public interface HelloCheck {
    List<HelloCheck> ALL = List.of(new NoCommonVersion(), new NoCommonCipherSuite(), new CertificateHashRefused());

    /** @param versions the TLS versions the server speaks on this connection, JDK names */
    Optional<Refusal> refuse(ClientHello hello, List<String> versions, TlsEngines engines);

    /**
     * Why, the TLS alert that says it when the scenario ends refusals with an alert, and what the client side can
     * do about it (the article's remedy), for a diagnosis.
     */
    record Refusal(String reason, int alert, String fix) {
        public static final int HANDSHAKE_FAILURE = 40;
        public static final int PROTOCOL_VERSION = 70;
    }
}
