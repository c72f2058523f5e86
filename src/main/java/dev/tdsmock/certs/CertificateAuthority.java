package dev.tdsmock.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** The CA's signing key and its self-signed certificate. */
record CertificateAuthority(PrivateKey key, X509Certificate certificate) {
}
