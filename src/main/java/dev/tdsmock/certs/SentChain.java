package dev.tdsmock.certs;

import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * Which part of a certification path (RFC 5280 section 6.1: leaf, then each issuer up to the trust anchor) the
 * server sends in its TLS Certificate message.
 */
public enum SentChain {
    /** The leaf alone. */
    LEAF,
    /** The leaf and the intermediate CAs, without the self-signed root (what RFC 8446 section 4.4.2 allows). */
    LEAF_AND_INTERMEDIATES,
    /** The whole path, root included. */
    FULL;

    /**
     * The certificates to send out of a whole path.
     *
     * @param path leaf first, each next one the issuer of the one before, the root (self-signed) last; at least
     *     the leaf. A self-signed leaf is its own root and is always sent.
     * @return a new array, leaf first
     */
    public X509Certificate[] of(X509Certificate[] path) {
        return switch (this) {
            case LEAF -> new X509Certificate[] {path[0]};
            case LEAF_AND_INTERMEDIATES -> path.length > 1 && selfIssued(path[path.length - 1])
                    ? Arrays.copyOf(path, path.length - 1) : path.clone();
            case FULL -> path.clone();
        };
    }

    private static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }
}
