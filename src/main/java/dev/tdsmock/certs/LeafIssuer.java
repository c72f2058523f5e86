package dev.tdsmock.certs;

/**
 * Who signs a server's leaf certificate (the "issuer" of RFC 5280 section 4.1.2.4).
 */
public enum LeafIssuer {
    /** The test CA, {@code certs/ca.pem}, which clients are given as their trust anchor. */
    CA,
    /**
     * The leaf itself: issuer equals subject and the signature verifies with the leaf's own key (a self-issued,
     * self-signed certificate, RFC 5280 section 3.2), as SQL Server makes for itself when it has no certificate.
     */
    SELF,
    /** An intermediate CA ({@code certs/intermediate-ca.pem}) that the test CA issued. */
    INTERMEDIATE,
    /** A second root CA ({@code certs/untrusted-ca.pem}) that clients are never given. */
    UNTRUSTED_CA
}
