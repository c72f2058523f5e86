package dev.tdsmock.tls.hello;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExtensionType;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureScheme;

/** Human names for TLS code points; unknown values as 0x%04X. The tables are Bouncy Castle's. */
public final class TlsNames {
    /** What Bouncy Castle's getName methods answer for a value they do not know. */
    private static final String BC_UNKNOWN = "UNKNOWN";

    /** The JDK's spelling of protocol names, as in SSLEngine.getEnabledProtocols(). */
    private static final Map<Integer, String> VERSIONS = Map.of(
            ProtocolVersion.SSLv3.getFullVersion(), "SSLv3",
            ProtocolVersion.TLSv10.getFullVersion(), "TLSv1",
            ProtocolVersion.TLSv11.getFullVersion(), "TLSv1.1",
            ProtocolVersion.TLSv12.getFullVersion(), "TLSv1.2",
            ProtocolVersion.TLSv13.getFullVersion(), "TLSv1.3");

    private static final Map<Integer, String> SUITE_NAMES;
    private static final Map<String, Integer> SUITE_CODES;

    static {
        Map<Integer, String> names = new HashMap<>();
        Map<String, Integer> codes = new HashMap<>();
        // Bouncy Castle names each suite by a constant whose name is the IANA name.
        for (Field field : CipherSuite.class.getFields()) {
            int modifiers = field.getModifiers();
            if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == int.class) {
                int code = readInt(field);
                names.putIfAbsent(code, field.getName());
                codes.put(field.getName(), code);
            }
        }
        SUITE_NAMES = Collections.unmodifiableMap(names);
        SUITE_CODES = Collections.unmodifiableMap(codes);
    }

    private TlsNames() {
    }

    public static String version(int version) {
        String name = VERSIONS.get(version);
        return name != null ? name : hex(version);
    }

    public static String cipherSuite(int suite) {
        String name = SUITE_NAMES.get(suite);
        return name != null ? name : hex(suite);
    }

    public static String group(int group) {
        return known(NamedGroup.getName(group), group);
    }

    public static String signatureScheme(int scheme) {
        String name = SignatureScheme.getName(scheme);
        if (name != null && !name.equals(BC_UNKNOWN)) {
            return name;
        }
        return legacySignatureAndHash(scheme);
    }

    /** The IANA code of a cipher suite name, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256". */
    public static int cipherSuiteCode(String name) {
        Integer code = SUITE_CODES.get(name);
        if (code == null) {
            throw new IllegalArgumentException("unknown cipher suite name: " + name);
        }
        return code;
    }

    static String extension(int type) {
        return known(ExtensionType.getName(type), type);
    }

    /**
     * TLS 1.2 signature_algorithms values are (hash, signature) pairs (RFC 5246 section 7.4.1.4.1); those that
     * TLS 1.3 did not name as schemes, such as 0x0303, get the JDK's style of name, "ecdsa_sha224".
     */
    private static String legacySignatureAndHash(int scheme) {
        short hash = (short) (scheme >> 8);
        short signature = (short) (scheme & 0xFF);
        boolean pair = hash >= HashAlgorithm.md5 && hash <= HashAlgorithm.sha512
                && signature >= SignatureAlgorithm.rsa && signature <= SignatureAlgorithm.ecdsa;
        return pair ? SignatureAlgorithm.getName(signature) + "_" + HashAlgorithm.getName(hash) : hex(scheme);
    }

    private static String known(String bcName, int value) {
        return bcName == null || bcName.equals(BC_UNKNOWN) ? hex(value) : bcName;
    }

    private static String hex(int value) {
        return String.format("0x%04X", value);
    }

    private static int readInt(Field field) {
        try {
            return field.getInt(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }
}
