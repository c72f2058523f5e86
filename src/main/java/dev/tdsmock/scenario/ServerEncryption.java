package dev.tdsmock.scenario;

/** The server's own encryption setting, from which its PRELOGIN answer follows (MS-TDS 2.2.6.5). */
public enum ServerEncryption {
    /** Supports TLS, does not force it. */
    OFF,
    /** Forces TLS on every connection ("Force Encryption"). */
    REQUIRED,
    /** Has no certificate and cannot encrypt. */
    NOT_SUPPORTED
}
