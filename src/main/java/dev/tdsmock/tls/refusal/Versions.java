package dev.tdsmock.tls.refusal;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** TLS versions by their JDK names, and the one a client and a server would agree on. */
final class Versions {
    private static final Map<String, Integer> CODES = Map.of("TLSv1", 0x0301, "TLSv1.1", 0x0302, "TLSv1.2", 0x0303,
            "TLSv1.3", 0x0304);

    private Versions() {
    }

    static int code(String name) {
        Integer code = CODES.get(name);
        if (code == null) {
            throw new IllegalArgumentException("unknown TLS version " + name);
        }
        return code;
    }

    /** The newest version both sides speak. */
    static Optional<Integer> agreed(ClientHello hello, List<String> serverVersions) {
        return serverVersions.stream().map(Versions::code).filter(hello::offersVersion).max(Integer::compare);
    }

    static List<String> names(List<Integer> codes) {
        return codes.stream().map(TlsNames::version).toList();
    }
}
