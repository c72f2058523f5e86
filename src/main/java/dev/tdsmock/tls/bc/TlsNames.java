package dev.tdsmock.tls.bc;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.tls.ProtocolVersion;

/** Bouncy Castle's protocol versions under the names the JDK uses; suites as {@link dev.tdsmock.tls.hello.TlsNames} names them. */
final class TlsNames {
    private static final Map<String, ProtocolVersion> VERSIONS = Map.of(
            "TLSv1", ProtocolVersion.TLSv10,
            "TLSv1.1", ProtocolVersion.TLSv11,
            "TLSv1.2", ProtocolVersion.TLSv12,
            "TLSv1.3", ProtocolVersion.TLSv13);

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

    static String suite(int code) {
        return dev.tdsmock.tls.hello.TlsNames.cipherSuite(code);
    }

    static String suites(int[] codes) {
        if (codes == null) {
            return "[]";
        }
        return Arrays.stream(codes).mapToObj(TlsNames::suite).collect(Collectors.joining(", ", "[", "]"));
    }
}
