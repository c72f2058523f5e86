package dev.tdsmock.diagnose;

import dev.tdsmock.tls.hello.ClientHello;
import dev.tdsmock.tls.hello.TlsNames;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.PreLoginCodec;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's fingerprint from a text capture (src/test/resources/captures: what a bare listener printed of one
 * client's connection, {@code [srv] ...} lines): the PRELOGIN packet in hex, the ClientHello's versions, cipher
 * suites, groups, SNI and ALPN, the LOGIN7's TDS version and names. The ClientHello's signature_algorithms are not
 * in it, which the fingerprint says ({@link ClientFingerprint#signatureAlgorithmsShown}).
 */
public final class TextCapture {
    private static final Map<String, Integer> VERSIONS = Map.of("SSL3.0", 0x0300, "TLS1.0", 0x0301, "TLS1.1", 0x0302,
            "TLS1.2", 0x0303, "TLS1.3", 0x0304);
    private static final byte[] PREFIX = "[srv] ".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern PRELOGIN = Pattern.compile("PRELOGIN pkt hex: ([0-9a-f]+)");
    private static final Pattern VERSION_LINE = Pattern.compile(
            "ClientHello record_ver=(\\S+) client_ver=(\\S+) supported_versions=(None|\\[.*?])");
    private static final Pattern EXTENSION_LINE = Pattern.compile(
            "ClientHello SNI=(\\S+) ALPN=(None|\\[.*?]) ext_types=\\[(.*?)] groups=\\[(.*?)]");
    private static final Pattern SUITE_LINE = Pattern.compile("ClientHello \\d+ ciphers: (.*)");
    private static final Pattern LOGIN = Pattern.compile("LOGIN7 tds_ver=0x([0-9A-Fa-f]+) .*?AppName='(.*?)' .*"
            + "CltIntName='(.*?)'");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private TextCapture() {
    }

    /** Whether the file looks like a text capture: it starts with the listener's "[srv] " (any other bytes: no). */
    public static boolean is(Path file) throws IOException {
        byte[] start = new byte[PREFIX.length];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(start, 0, start.length) == start.length && java.util.Arrays.equals(start, PREFIX);
        }
    }

    /** The client of the file's connection; empty when it showed neither a PRELOGIN nor a ClientHello. */
    public static Optional<ClientFingerprint> read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        boolean strict = text.contains("TLS-first connection");
        PreLogin preLogin = null;
        Matcher prelogin = PRELOGIN.matcher(text);
        if (!strict && prelogin.find()) {
            byte[] packet = HexFormat.of().parseHex(prelogin.group(1));
            if (packet.length > PacketHeader.SIZE && (packet[0] & 0xFF) == PacketType.PRELOGIN) {
                preLogin = PreLoginCodec.decode(Unpooled.wrappedBuffer(packet, PacketHeader.SIZE,
                        packet.length - PacketHeader.SIZE));
            }
        }
        ClientHello hello = clientHello(text);
        Long tdsVersion = null;
        String application = null;
        String library = null;
        Matcher login = LOGIN.matcher(text);
        if (login.find()) {
            tdsVersion = Long.parseLong(login.group(1), 16);
            application = login.group(2);
            library = login.group(3).isEmpty() ? null : login.group(3);
        }
        if (preLogin == null && hello == null) {
            return Optional.empty();
        }
        return Optional.of(ClientFingerprint.of(preLogin, hello, tdsVersion, application, library, false));
    }

    private static ClientHello clientHello(String text) {
        Matcher versions = VERSION_LINE.matcher(text);
        Matcher extensions = EXTENSION_LINE.matcher(text);
        Matcher suites = SUITE_LINE.matcher(text);
        if (!versions.find() || !extensions.find() || !suites.find()) {
            return null;
        }
        List<Integer> supported = quoted(versions.group(3)).stream().map(VERSIONS::get).toList();
        List<Integer> cipherSuites = new ArrayList<>();
        for (String name : suites.group(1).split(",\\s*")) {
            try {
                cipherSuites.add(TlsNames.cipherSuiteCode(name.strip()));
            } catch (IllegalArgumentException unknown) {
                // a suite the JDK has no name for: no scenario of the catalogue offers it
            }
        }
        List<Integer> extensionTypes = numbers(extensions.group(3), 10);
        List<Integer> groups = quoted(extensions.group(4)).stream().map(hex -> Integer.parseInt(hex.substring(2), 16))
                .toList();
        String sni = extensions.group(1).equals("None") ? null : extensions.group(1);
        return new ClientHello(VERSIONS.getOrDefault(versions.group(1), 0), VERSIONS.getOrDefault(versions.group(2),
                0), supported, cipherSuites, List.of(0), extensionTypes, sni, quoted(extensions.group(2)), groups,
                List.of(), List.of(), List.of());
    }

    private static List<String> quoted(String list) {
        List<String> values = new ArrayList<>();
        Matcher value = QUOTED.matcher(list);
        while (value.find()) {
            values.add(value.group(1));
        }
        return values;
    }

    private static List<Integer> numbers(String list, int radix) {
        List<Integer> values = new ArrayList<>();
        for (String value : list.split(",\\s*")) {
            if (!value.isBlank()) {
                values.add(Integer.parseInt(value.strip(), radix));
            }
        }
        return values;
    }
}
