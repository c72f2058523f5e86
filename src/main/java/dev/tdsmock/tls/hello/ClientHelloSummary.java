package dev.tdsmock.tls.hello;

import java.util.List;
import java.util.function.Function;

/** The one-line log form of a ClientHello, bounded however much the client sent. */
final class ClientHelloSummary {
    private static final int SUITES_SHOWN = 5;
    private static final int VALUES_SHOWN = 8;
    private static final int TEXT_SHOWN = 64;

    private ClientHelloSummary() {
    }

    static String of(ClientHello hello) {
        return "versions=" + list(hello.offeredVersions(), VALUES_SHOWN, TlsNames::version)
                + " suites=" + hello.cipherSuites().size() + " " + list(hello.cipherSuites(), SUITES_SHOWN, TlsNames::cipherSuite)
                + " groups=" + list(hello.supportedGroups(), VALUES_SHOWN, TlsNames::group)
                + " sigalgs=" + list(hello.signatureAlgorithms(), VALUES_SHOWN, TlsNames::signatureScheme)
                + " sni=" + (hello.serverName() == null ? "-" : text(hello.serverName()))
                + " alpn=" + list(hello.alpn(), VALUES_SHOWN, ClientHelloSummary::text);
    }

    private static <T> String list(List<T> values, int shown, Function<T, String> name) {
        StringBuilder line = new StringBuilder("[");
        for (int i = 0; i < Math.min(shown, values.size()); i++) {
            line.append(i == 0 ? "" : ", ").append(name.apply(values.get(i)));
        }
        if (values.size() > shown) {
            line.append(", ...");
        }
        return line.append(']').toString();
    }

    /** Client-chosen text, cut short and with control characters escaped so that it cannot break the log line. */
    private static String text(String value) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(value.length(), TEXT_SHOWN); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                shown.append(String.format("\\x%02X", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (value.length() > TEXT_SHOWN) {
            shown.append("...");
        }
        return shown.toString();
    }
}
