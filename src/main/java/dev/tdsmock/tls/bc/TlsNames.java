package dev.tdsmock.tls.bc;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ProtocolVersion;

/** TLS versions and cipher suites under the names the JDK and IANA use. */
final class TlsNames {
    private static final Map<String, ProtocolVersion> VERSIONS = Map.of(
            "TLSv1", ProtocolVersion.TLSv10,
            "TLSv1.1", ProtocolVersion.TLSv11,
            "TLSv1.2", ProtocolVersion.TLSv12,
            "TLSv1.3", ProtocolVersion.TLSv13);
    private static final Map<Integer, String> SUITES = suiteNames();

    private TlsNames() {
    }

    /** @throws IllegalArgumentException for a name other than TLSv1, TLSv1.1, TLSv1.2 and TLSv1.3 */
    static ProtocolVersion version(String jdkName) {
        ProtocolVersion version = VERSIONS.get(jdkName);
        if (version == null) {
            throw new IllegalArgumentException("unknown TLS version \"" + jdkName + "\", expected one of "
                    + VERSIONS.keySet().stream().sorted().toList());
        }
        return version;
    }

    static String version(ProtocolVersion version) {
        return VERSIONS.entrySet().stream()
                .filter(entry -> entry.getValue().equals(version))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(version.toString());
    }

    static String versions(ProtocolVersion[] versions) {
        if (versions == null) {
            return "[]";
        }
        return Arrays.stream(versions).map(TlsNames::version).collect(Collectors.joining(", ", "[", "]"));
    }

    /** The IANA name, or the code in hex for a suite Bouncy Castle does not know. */
    static String suite(int code) {
        String name = SUITES.get(code);
        return name != null ? name : String.format("0x%04X", code);
    }

    static String suites(int[] codes) {
        if (codes == null) {
            return "[]";
        }
        return Arrays.stream(codes).mapToObj(TlsNames::suite).collect(Collectors.joining(", ", "[", "]"));
    }

    // CipherSuite's constants are named after the IANA registry; a few codes also have a DRAFT_ alias.
    private static Map<Integer, String> suiteNames() {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : CipherSuite.class.getFields()) {
            if (field.getType() != int.class || !Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            try {
                int code = field.getInt(null);
                String name = field.getName();
                names.merge(code, name, (kept, other) -> kept.startsWith("DRAFT_") ? other : kept);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return Collections.unmodifiableMap(names);
    }
}
