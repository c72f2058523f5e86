package dev.tdsmock.tls.bc;

import dev.tdsmock.certs.ServerIdentity;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolName;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedDecryptor;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.DHGroup;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedDecryptor;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/** The Bouncy Castle server of one connection, configured from {@link BcTlsSettings}. */
final class ConfiguredTlsServer extends DefaultTlsServer {
    /** The handshake's secrets as NSS key log lines, gathered as the handshake makes them (see keyLogLines). */
    private final List<String> keyLog = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final SignatureAndHashAlgorithm[] RSA_PSS = {SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha384, SignatureAndHashAlgorithm.rsa_pss_rsae_sha512};

    private final BcTlsSettings settings;
    private final BcTlsCrypto crypto;
    private final AsymmetricKeyParameter privateKey;
    private final TlsCertificate[] chain;
    private short raisedAlert = BouncyCastleTlsException.NO_ALERT;
    private volatile ProtocolVersion negotiatedVersion;
    private volatile int negotiatedSuite = -1;
    private boolean handshakeComplete;

    ConfiguredTlsServer(BcTlsSettings settings, BcTlsCrypto crypto) {
        super(crypto);
        this.settings = settings;
        this.crypto = crypto;
        this.privateKey = privateKey(settings.identity());
        this.chain = chain(crypto, settings.identity());
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return settings.protocols().stream().map(TlsNames::version).toArray(ProtocolVersion[]::new);
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        if (settings.cipherSuites().isEmpty()) {
            return super.getSupportedCipherSuites();
        }
        int[] configured = settings.cipherSuites().stream().mapToInt(Integer::intValue).toArray();
        return TlsUtils.getSupportedCipherSuites(crypto, configured);
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    protected String getDetailMessageNoCipherSuite() {
        return "no common cipher suite: the client offers " + TlsNames.suites(offeredCipherSuites)
                + ", the server accepts " + TlsNames.suites(getCipherSuites());
    }

    @Override
    public ProtocolVersion getServerVersion() throws IOException {
        try {
            negotiatedVersion = super.getServerVersion();
            return negotiatedVersion;
        } catch (TlsFatalAlert e) {
            if (e.getAlertDescription() != AlertDescription.protocol_version) {
                throw e;
            }
            throw new TlsFatalAlert(AlertDescription.protocol_version, "no protocol version in common: the client "
                    + "offers " + TlsNames.versions(context.getClientSupportedVersions()) + ", the server accepts "
                    + TlsNames.versions(getProtocolVersions()), e);
        }
    }

    @Override
    public int getSelectedCipherSuite() throws IOException {
        negotiatedSuite = super.getSelectedCipherSuite();
        return negotiatedSuite;
    }

    @Override
    public TlsDHConfig getDHConfig() {
        DhGroup group = settings.dhGroup();
        if (group.isNamed()) {
            return TlsDHUtils.createNamedDHConfig(context, group.namedGroupCode());
        }
        return new TlsDHConfig(new DHGroup(group.p(), null, group.g(), 0));
    }

    @Override
    protected Vector<ProtocolName> getProtocolNames() {
        if (settings.alpn().isEmpty()) {
            return null;
        }
        Vector<ProtocolName> names = new Vector<>();
        settings.alpn().forEach(name -> names.add(ProtocolName.asUtf8Encoding(name)));
        return names;
    }

    @Override
    protected ProtocolName selectProtocolName() throws IOException {
        try {
            return super.selectProtocolName();
        } catch (TlsFatalAlert e) {
            if (e.getAlertDescription() != AlertDescription.no_application_protocol) {
                throw e;
            }
            throw new TlsFatalAlert(AlertDescription.no_application_protocol, "no ALPN protocol in common: the client "
                    + "offers " + alpnNames(clientProtocolNames) + ", the server accepts " + settings.alpn(), e);
        }
    }

    @Override
    public TlsCredentials getCredentials() throws IOException {
        // DefaultTlsServer picks credentials by key exchange, which TLS 1.3 does not have.
        return TlsUtils.isTLSv13(context) ? getRSASignerCredentials() : super.getCredentials();
    }

    @Override
    protected TlsCredentialedSigner getRSASignerCredentials() throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey,
                certificate(), signatureAlgorithm());
    }

    @Override
    protected TlsCredentialedDecryptor getRSAEncryptionCredentials() {
        return new BcDefaultTlsCredentialedDecryptor(crypto, certificate(), privateKey);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        if (alertLevel == AlertLevel.fatal && raisedAlert == BouncyCastleTlsException.NO_ALERT) {
            raisedAlert = alertDescription;
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        SecurityParameters parameters = context.getSecurityParametersConnection();
        if (parameters != null && TlsUtils.isTLSv13(context)) {
            keyLog(parameters, "CLIENT_TRAFFIC_SECRET_0", parameters.getTrafficSecretClient());
            keyLog(parameters, "SERVER_TRAFFIC_SECRET_0", parameters.getTrafficSecretServer());
            keyLog(parameters, "EXPORTER_SECRET", parameters.getExporterMasterSecret());
        } else if (parameters != null) {
            keyLog(parameters, "CLIENT_RANDOM", parameters.getMasterSecret());
        }
        handshakeComplete = true;
    }

    /**
     * TLS 1.3 asks for a CertificateRequest right after it has made the handshake traffic secrets (RFC 8446 7.1),
     * which the application traffic secrets replace once the handshake is done: the moment to read them.
     */
    @Override
    public org.bouncycastle.tls.CertificateRequest getCertificateRequest() throws IOException {
        SecurityParameters handshake = context.getSecurityParametersHandshake();
        if (handshake != null && TlsUtils.isTLSv13(handshake.getNegotiatedVersion())) {
            keyLog(handshake, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", handshake.getTrafficSecretClient());
            keyLog(handshake, "SERVER_HANDSHAKE_TRAFFIC_SECRET", handshake.getTrafficSecretServer());
        }
        return super.getCertificateRequest();
    }

    /**
     * Adds {@code <label> <client random> <secret>} (hex) to the key log, read from a copy (adoptSecret), as
     * extracting destroys the secret it reads; Bouncy Castle clears the secrets once they have served, so they are
     * read as they are made.
     */
    private void keyLog(SecurityParameters parameters, String label, TlsSecret secret) {
        if (secret == null || !secret.isAlive() || parameters.getClientRandom() == null) {
            return;
        }
        byte[] value = context.getCrypto().adoptSecret(secret).extract();
        keyLog.add(label + " " + java.util.HexFormat.of().formatHex(parameters.getClientRandom()) + " "
                + java.util.HexFormat.of().formatHex(value));
    }

    /** The first fatal alert the engine raised, or {@link BouncyCastleTlsException#NO_ALERT}. */
    short raisedAlert() {
        return raisedAlert;
    }

    boolean handshakeComplete() {
        return handshakeComplete;
    }

    /** Chosen in the ServerHello, so known on a handshake that fails later as well. */
    ProtocolVersion negotiatedVersion() {
        return negotiatedVersion;
    }

    int negotiatedSuite() {
        return negotiatedSuite;
    }

    /**
     * The handshake's secrets as lines of the NSS key log format: {@code CLIENT_RANDOM <client random> <master
     * secret>} for TLS 1.2 and older; for TLS 1.3 the handshake and application traffic secrets and the exporter
     * secret (RFC 8446 7.1). Complete once the handshake has finished.
     */
    List<String> keyLogLines() {
        return List.copyOf(keyLog);
    }

    String applicationProtocol() {
        if (context == null || context.getSecurityParametersConnection() == null) {
            return null;
        }
        ProtocolName selected = context.getSecurityParametersConnection().getApplicationProtocol();
        return selected == null ? null : selected.getUtf8Decoding();
    }

    /**
     * TLS 1.2: Bouncy Castle's choice among the client's signature_algorithms for an RSA key (PKCS#1 v1.5 with the
     * strongest hash), RSA-PSS if the client lists no PKCS#1 scheme; TLS 1.3: the client's first RSA-PSS scheme;
     * before TLS 1.2: null, for the fixed MD5+SHA-1 signature.
     */
    private SignatureAndHashAlgorithm signatureAlgorithm() throws IOException {
        ProtocolVersion version = context.getServerVersion();
        Vector<?> clientAlgorithms = context.getSecurityParametersHandshake().getClientSigAlgs();
        boolean pssOnly = clientAlgorithms != null
                && !TlsUtils.containsAnySignatureAlgorithm(clientAlgorithms, SignatureAlgorithm.rsa);
        if (TlsUtils.isTLSv13(version) || (TlsUtils.isTLSv12(version) && pssOnly)) {
            for (Object offered : clientAlgorithms == null ? new Vector<>() : clientAlgorithms) {
                for (SignatureAndHashAlgorithm pss : RSA_PSS) {
                    if (pss.equals(offered) && crypto.hasSignatureAndHashAlgorithm(pss)) {
                        return pss;
                    }
                }
            }
            throw new TlsFatalAlert(AlertDescription.handshake_failure,
                    "the client accepts no signature scheme the server's RSA key can make");
        }
        return TlsUtils.chooseSignatureAndHashAlgorithm(version, clientAlgorithms, SignatureAlgorithm.rsa);
    }

    private static List<String> alpnNames(Vector<?> names) {
        return names == null ? List.of()
                : names.stream().map(name -> ((ProtocolName) name).getUtf8Decoding()).toList();
    }

    private Certificate certificate() {
        if (!TlsUtils.isTLSv13(context)) {
            return new Certificate(chain);
        }
        CertificateEntry[] entries = new CertificateEntry[chain.length];
        for (int i = 0; i < chain.length; i++) {
            entries[i] = new CertificateEntry(chain[i], null);
        }
        return new Certificate(TlsUtils.EMPTY_BYTES, entries);
    }

    private static AsymmetricKeyParameter privateKey(ServerIdentity identity) {
        try {
            return PrivateKeyFactory.createKey(identity.key().getEncoded());
        } catch (IOException e) {
            throw new IllegalArgumentException("the server's private key cannot be read: " + e.getMessage(), e);
        }
    }

    private static TlsCertificate[] chain(BcTlsCrypto crypto, ServerIdentity identity) {
        X509Certificate[] certificates = identity.chain();
        TlsCertificate[] converted = new TlsCertificate[certificates.length];
        for (int i = 0; i < certificates.length; i++) {
            try {
                converted[i] = new BcTlsCertificate(crypto, certificates[i].getEncoded());
            } catch (CertificateEncodingException | IOException e) {
                throw new IllegalArgumentException("the server's certificate " + i + " cannot be read: "
                        + e.getMessage(), e);
            }
        }
        return converted;
    }
}
