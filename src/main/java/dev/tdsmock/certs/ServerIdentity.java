package dev.tdsmock.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The server's private key and the certificates it sends: the leaf first, then each issuer in turn (RFC 5280
 * section 6.1). A store's identity holds the whole path up to the root; {@link #sending(SentChain)} cuts it to
 * what a scenario sends.
 */
public record ServerIdentity(PrivateKey key, X509Certificate[] chain) {

    public ServerIdentity {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.length == 0) {
            throw new IllegalArgumentException("the chain needs at least the leaf certificate");
        }
        chain = chain.clone();
    }

    public X509Certificate leaf() {
        return chain[0];
    }

    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    /** The same key with only the part of this chain that {@code sent} names. */
    public ServerIdentity sending(SentChain sent) {
        return new ServerIdentity(key, sent.of(chain));
    }
}
