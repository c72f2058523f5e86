package dev.tdsmock.fuzz;

import dev.tdsmock.tls.hello.TlsNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ClientHellos of the captures, rebuilt: the captures record what each client offered (versions, cipher suites
 * in order, groups, extensions in order, SNI, ALPN) but not the bytes, so each offer is written back as a
 * ClientHello record carrying exactly those.
 */
final class CapturedClientHellos {
    private static final Pattern VERSIONS = Pattern.compile(
            "ClientHello record_ver=(\\S+) client_ver=(\\S+) supported_versions=(None|\\[.*])");
    private static final Pattern EXTENSIONS = Pattern.compile(
            "ClientHello SNI=(\\S+) ALPN=(None|\\[.*?]) ext_types=\\[(.*?)] groups=\\[(.*?)]");
    private static final Pattern CIPHERS = Pattern.compile("ClientHello (\\d+) ciphers: (.*)");
    private static final Map<String, Integer> VERSION_CODES = Map.of(
            "SSL3.0", 0x0300, "TLS1.0", 0x0301, "TLS1.1", 0x0302, "TLS1.2", 0x0303, "TLS1.3", 0x0304);
    private static final int[] SIGNATURE_SCHEMES = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,
        0x0201};

    /** One client's offer, as its capture file records it. */
    record Offer(String file, int recordVersion, int legacyVersion, List<Integer> supportedVersions,
                 String serverName, List<String> alpn, List<Integer> extensionTypes, List<Integer> groups,
                 List<Integer> cipherSuites, int cipherCount) {

        /** The ClientHello as one handshake record. */
        byte[] record() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            u16(body, legacyVersion);
            body.writeBytes(counting(32, 1));
            body.write(32);
            body.writeBytes(counting(32, 101));
            u16(body, cipherSuites.size() * 2);
            cipherSuites.forEach(suite -> u16(body, suite));
            body.writeBytes(new byte[] {1, 0});
            ByteArrayOutputStream extensions = new ByteArrayOutputStream();
            for (int type : extensionTypes) {
                byte[] data = extension(type);
                if (data != null) {
                    u16(extensions, type);
                    u16(extensions, data.length);
                    extensions.writeBytes(data);
                }
            }
            u16(body, extensions.size());
            body.writeBytes(extensions.toByteArray());
            ByteArrayOutputStream record = new ByteArrayOutputStream();
            record.write(22);
            u16(record, recordVersion);
            u16(record, body.size() + 4);
            record.write(1);
            record.write(body.size() >> 16);
            u16(record, body.size() & 0xFFFF);
            record.writeBytes(body.toByteArray());
            return record.toByteArray();
        }

        private byte[] extension(int type) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            switch (type) {
                case 0 -> {
                    if (serverName == null) {
                        return null;
                    }
                    byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
                    u16(data, name.length + 3);
                    data.write(0);
                    u16(data, name.length);
                    data.writeBytes(name);
                }
                case 5 -> data.writeBytes(new byte[] {1, 0, 0, 0, 0});
                case 10 -> {
                    u16(data, groups.size() * 2);
                    groups.forEach(group -> u16(data, group));
                }
                case 11 -> data.writeBytes(new byte[] {1, 0});
                case 13, 50 -> {
                    u16(data, SIGNATURE_SCHEMES.length * 2);
                    Arrays.stream(SIGNATURE_SCHEMES).forEach(scheme -> u16(data, scheme));
                }
                case 16 -> {
                    if (alpn.isEmpty()) {
                        return null;
                    }
                    ByteArrayOutputStream list = new ByteArrayOutputStream();
                    for (String protocol : alpn) {
                        list.write(protocol.length());
                        list.writeBytes(protocol.getBytes(StandardCharsets.US_ASCII));
                    }
                    u16(data, list.size());
                    data.writeBytes(list.toByteArray());
                }
                case 21 -> data.writeBytes(new byte[16]);
                case 28 -> u16(data, 0x4001);
                case 43 -> {
                    if (supportedVersions.isEmpty()) {
                        return null;
                    }
                    data.write(supportedVersions.size() * 2);
                    supportedVersions.forEach(version -> u16(data, version));
                }
                case 45 -> data.writeBytes(new byte[] {1, 1});
                case 51 -> {
                    int group = groups.isEmpty() ? 0x1D : groups.get(0);
                    u16(data, 4 + 32);
                    u16(data, group);
                    u16(data, 32);
                    data.writeBytes(counting(32, 201));
                }
                case 65281 -> data.write(0);
                default -> {
                    // empty: session_ticket, extended_master_secret, encrypt_then_mac, SCT, status_request_v2 ...
                }
            }
            return data.toByteArray();
        }
    }

    private CapturedClientHellos() {
    }

    static List<Offer> all() {
        List<Offer> offers = new ArrayList<>();
        for (Path file : Seeds.captureFiles()) {
            String[] versions = null;
            String[] extensions = null;
            for (String line : Seeds.lines(file)) {
                Matcher m;
                if ((m = VERSIONS.matcher(line)).find()) {
                    versions = new String[] {m.group(1), m.group(2), m.group(3)};
                    extensions = null;
                } else if ((m = EXTENSIONS.matcher(line)).find()) {
                    extensions = new String[] {m.group(1), m.group(2), m.group(3), m.group(4)};
                } else if ((m = CIPHERS.matcher(line)).find() && versions != null && extensions != null) {
                    offers.add(new Offer(file.getFileName().toString(), VERSION_CODES.get(versions[0]),
                            VERSION_CODES.get(versions[1]),
                            strings(versions[2]).stream().map(VERSION_CODES::get).toList(),
                            extensions[0].equals("None") ? null : extensions[0], strings(extensions[1]),
                            numbers(extensions[2]), numbers(extensions[3]), suites(m.group(2)),
                            Integer.parseInt(m.group(1))));
                    versions = null;
                    extensions = null;
                }
            }
        }
        return offers;
    }

    /** A Python list of strings ("['a', 'b']") or None. */
    private static List<String> strings(String list) {
        if (list.equals("None") || list.equals("[]")) {
            return List.of();
        }
        return Arrays.stream(list.substring(1, list.length() - 1).split(",\\s*"))
                .map(s -> s.replaceAll("^'|'$", "")).toList();
    }

    /** Numbers, decimal or '0x..' quoted, separated by commas. */
    private static List<Integer> numbers(String list) {
        if (list.isBlank()) {
            return List.of();
        }
        return Arrays.stream(list.split(",\\s*")).map(s -> s.replace("'", "").strip())
                .map(s -> s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s)).toList();
    }

    /** Cipher suite names (or 0xNNNN for those without one). */
    private static List<Integer> suites(String list) {
        List<Integer> suites = new ArrayList<>();
        for (String name : list.split(",\\s*")) {
            String suite = name.strip();
            if (suite.startsWith("0x")) {
                suites.add(Integer.parseInt(suite.substring(2), 16));
            } else {
                try {
                    suites.add(TlsNames.cipherSuiteCode(suite));
                } catch (IllegalArgumentException unknown) {
                    // a name the server's table does not have: left out, the count says so
                }
            }
        }
        return suites;
    }

    private static byte[] counting(int length, int from) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
