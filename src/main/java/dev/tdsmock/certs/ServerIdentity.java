package dev.tdsmock.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** Key, certificate chain (leaf first, then the CA) and the CA that issued it. */
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
}
