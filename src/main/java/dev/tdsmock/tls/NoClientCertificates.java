package dev.tdsmock.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * The trust manager of the server's BoringSSL contexts, which never ask a client for a certificate (client
 * authentication is off): it trusts nobody and names no CA. Without one, Netty reads the JDK's default trust
 * store (cacerts, some 140 certificates) for every context and gives BoringSSL all of its CAs as the list a
 * CertificateRequest would name, a message these contexts never send.
 */
final class NoClientCertificates implements X509TrustManager {
    static final NoClientCertificates INSTANCE = new NoClientCertificates();

    private NoClientCertificates() {
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("tds-mock does not ask for client certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("tds-mock is the server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
