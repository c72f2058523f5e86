package dev.tdsmock.diagnose;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.Grease;
import dev.tdsmock.wire.Login7;
import dev.tdsmock.wire.PreLogin;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a client showed of itself on connecting, as far as it decides which scenarios it gets into: TDS 8.0 strict
 * or not (the ClientHello's ALPN {@code tds/8.0}, MS-TDS 2.2.6.5 / 3.2.5.1), the PRELOGIN's ENCRYPTION, the
 * ClientHello (versions, cipher suites, signature algorithms, groups), and the LOGIN7's TDS version and names.
 *
 * @param id          the first 12 hex digits of a SHA-256 over what decides the verdicts (GREASE left out), so that
 *                    one client seen twice has one id
 * @param application the LOGIN7 AppName, or null
 * @param library     the LOGIN7 CltIntName (the client library), or null
 * @param tdsVersion  the LOGIN7 TDSVersion, or null before a login
 * @param encryption  the PRELOGIN ENCRYPTION level (MS-TDS 2.2.6.5), or null when there was no PRELOGIN before TLS
 * @param hello       the ClientHello, or null when the client did not start TLS
 * @param signatureAlgorithmsShown false when the source showed the ClientHello without its signature_algorithms
 *                    (a text capture): verdicts that hang on them say so
 */
public record ClientFingerprint(String id, String application, String library, Long tdsVersion, Integer encryption,
                                boolean strict, ClientHello hello, boolean signatureAlgorithmsShown) {
    private static final String TDS_8_ALPN = "tds/8.0";

    /** From what a connection's journal record holds; any part may be null. */
    public static ClientFingerprint of(PreLogin preLogin, ClientHello hello, Login7 login) {
        return of(preLogin, hello, login == null ? null : login.tdsVersion(), login == null ? null : login.appName(),
                login == null ? null : login.clientInterfaceName(), true);
    }

    /**
     * From parts a capture showed; any may be null.
     *
     * @param strict TLS first on the socket (TDS 8.0), which the ClientHello's ALPN tds/8.0 also tells
     */
    static ClientFingerprint of(PreLogin preLogin, ClientHello hello, Long tdsVersion, String application,
                                String library, boolean signatureAlgorithmsShown) {
        boolean strict = hello != null && hello.alpn().contains(TDS_8_ALPN);
        Integer encryption = preLogin == null || strict ? null : preLogin.encryptionLevel();
        String decisive = String.join("|", String.valueOf(strict), String.valueOf(encryption),
                String.valueOf(tdsVersion), String.valueOf(library), hello == null ? "no TLS"
                        : String.join("|", Integer.toString(hello.legacyVersion()), list(hello.offeredVersions()),
                        list(hello.cipherSuites()), list(hello.signatureAlgorithms()),
                        list(hello.signatureAlgorithmsCert()), list(hello.supportedGroups()),
                        String.join(",", hello.alpn()), String.valueOf(signatureAlgorithmsShown)));
        return new ClientFingerprint(hash(decisive), application, library, tdsVersion, encryption, strict, hello,
                signatureAlgorithmsShown);
    }

    private static String list(List<Integer> values) {
        return String.join(",", values.stream().filter(v -> !Grease.isGrease(v)).map(Integer::toHexString).toList());
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
