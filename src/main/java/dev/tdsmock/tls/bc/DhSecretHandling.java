package dev.tdsmock.tls.bc;

/** How the server treats the Diffie-Hellman shared secret Z of TLS 1.0-1.2 DHE suites. */
public enum DhSecretHandling {
    /** RFC 5246 8.1.2: leading zero bytes of Z are stripped before it becomes the premaster secret. */
    STRIP_LEADING_ZEROS,
    /**
     * As unpatched Schannel did: Z keeps its leading zero bytes (padded to the length of p). A client that strips
     * them derives a different master secret whenever Z starts with a zero byte (about 1 handshake in 256).
     */
    KEEP_LEADING_ZEROS,
    /**
     * A zero byte is put in front of Z padded to the length of p, so the premaster secret is one byte longer than
     * what a stripping client (at most the length of p) or a padding client (exactly the length of p) uses: the
     * master secrets differ on every handshake, whichever way the client handles Z. A zero byte in front of the
     * stripped Z would not do: it equals the padded Z whenever Z has exactly one leading zero byte.
     */
    ALWAYS_EXTRA_ZERO
}
