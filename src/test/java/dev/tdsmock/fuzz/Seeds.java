package dev.tdsmock.fuzz;

import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RpcRequests;
import dev.tdsmock.wire.PacketHeader;
import dev.tdsmock.wire.PacketType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The fuzzers' seed inputs: what real clients sent (src/test/resources/captures: their PRELOGIN and LOGIN7 packets
 * byte for byte, LOGIN7 messages and ClientHellos rebuilt from the fields the captures record, their statements
 * as SQLBatch and RPC requests) and the requests built like them that {@code wire/MutatedInputTest} uses.
 */
final class Seeds {
    static final Path CAPTURES = Path.of("src/test/resources/captures");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=('(?:[^'\\\\]|\\\\.)*'|\\S+)");

    private Seeds() {
    }

    /** The captured first packets (header included) of the given type. */
    static List<byte[]> capturedPackets(int type) {
        List<byte[]> packets = new ArrayList<>();
        for (Path file : captureFiles()) {
            try {
                byte[] packet = Packets.captured(file.getFileName().toString());
                if (packet[0] == type) {
                    packets.add(packet);
                }
            } catch (IllegalArgumentException noPacket) {
                // a capture of TLS first: no TDS packet recorded
            }
        }
        return packets;
    }

    static List<byte[]> preLoginPayloads() {
        return distinct(capturedPackets(PacketType.PRELOGIN).stream().map(Seeds::payload).toList());
    }

    /** LOGIN7 payloads: the captured packets, and messages rebuilt from every captured "LOGIN7" line. */
    static List<byte[]> login7Payloads() {
        List<byte[]> logins = new ArrayList<>(capturedPackets(PacketType.LOGIN7).stream().map(Seeds::payload).toList());
        for (Map<String, String> fields : captureLines("LOGIN7 ")) {
            logins.add(Login7Message.fromCapture(fields).encode());
        }
        logins.add(new Login7Message().user("sa").password("secret").database("master").encode());
        logins.add(new Login7Message().user("sa").feature(0x0A, new byte[] {1}).feature(0x04, new byte[] {1})
                .feature(0x01, new byte[] {1, 0, 0, 0, 0}).encode());
        return distinct(logins);
    }

    /** The statements the captured clients sent after their login, and SELECT 1. */
    static List<String> batchTexts() {
        Set<String> texts = new LinkedHashSet<>();
        for (Path file : captureFiles()) {
            for (String line : lines(file)) {
                int at = line.indexOf("SQLBatch: ");
                if (at >= 0) {
                    texts.add(unquote(line.substring(at + "SQLBatch: ".length()).strip()));
                }
            }
        }
        texts.add("SELECT 1");
        return List.copyOf(texts);
    }

    static List<byte[]> sqlBatches() {
        return batchTexts().stream().map(text -> Mutator.concat(allHeaders(),
                text.getBytes(StandardCharsets.UTF_16LE))).toList();
    }

    /** The many-typed RPC request of MutatedInputTest, and each captured statement run through sp_executesql. */
    static List<byte[]> rpcRequests() {
        List<byte[]> requests = new ArrayList<>();
        requests.add(rpcRequest());
        requests.add(rpcRequestOfExtendedTypes());
        for (String text : batchTexts()) {
            requests.add(executeSql(text));
        }
        return requests;
    }

    /** {@link #rpcRequests()} without ALL_HEADERS, as TDS 7.1 clients send them. */
    static List<byte[]> rpcRequestsTds71() {
        int headers = allHeaders().length;
        return rpcRequests().stream().map(r -> Arrays.copyOfRange(r, headers, r.length)).toList();
    }

    /** Whole packet streams: the captured packets, and requests split over several packets, an ATTENTION after. */
    static List<byte[]> packetStreams() {
        List<byte[]> streams = new ArrayList<>(capturedPackets(PacketType.PRELOGIN));
        streams.addAll(capturedPackets(PacketType.LOGIN7));
        byte[] request = rpcRequest();
        streams.add(Mutator.concat(Packets.packet(PacketType.RPC, 0x00, Arrays.copyOf(request, 40)),
                Packets.packet(PacketType.RPC, 0x00, new byte[0]),
                Packets.packet(PacketType.RPC, 0x01, Arrays.copyOfRange(request, 40, request.length)),
                Packets.packet(PacketType.ATTENTION, 0x01, new byte[0])));
        List<byte[]> batches = sqlBatches();
        for (int i = 0; i < batches.size(); i++) {
            streams.add(split(PacketType.SQL_BATCH, batches.get(i), 16 + 37 * i));
        }
        login7Payloads().stream().limit(4).forEach(login -> streams.add(split(PacketType.LOGIN7, login, 512)));
        return streams;
    }

    /** The ClientHellos as TDS 7.x sends them: inside PRELOGIN packets, split where a client might split them. */
    static List<byte[]> tlsInPreLogin() {
        List<byte[]> streams = new ArrayList<>();
        int[] sizes = {20, 100, 512, 4088};
        List<byte[]> hellos = clientHellos();
        for (int i = 0; i < hellos.size(); i++) {
            streams.add(split(PacketType.PRELOGIN, hellos.get(i), sizes[i % sizes.length]));
        }
        streams.add(Mutator.concat(split(PacketType.PRELOGIN, hellos.get(0), 64), HexFormat.of().parseHex(
                "140303000101")));
        return streams;
    }

    /** ClientHello records rebuilt from every captured client's offer, and the JDK's own. */
    static List<byte[]> clientHellos() {
        List<byte[]> hellos = new ArrayList<>(CapturedClientHellos.all().stream()
                .map(CapturedClientHellos.Offer::record).toList());
        hellos.add(jdkClientHello("TLSv1.3", "TLSv1.2"));
        hellos.add(jdkClientHello("TLSv1.2"));
        return distinct(hellos);
    }

    /** A message cut into packets of at most {@code payloadSize} bytes of payload, EOM on the last. */
    static byte[] split(int type, byte[] message, int payloadSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        do {
            int chunk = Math.min(payloadSize, message.length - at);
            boolean last = at + chunk == message.length;
            out.writeBytes(Packets.packet(type, last ? 0x01 : 0x00, Arrays.copyOfRange(message, at, at + chunk)));
            at += chunk;
        } while (at < message.length);
        return out.toByteArray();
    }

    /** ALL_HEADERS with one transaction descriptor header (MS-TDS 2.2.5.3). */
    static byte[] allHeaders() {
        return RpcRequests.allHeaders();
    }

    /** sp_executesql (by id) of {@code text} as an nvarchar(max) PLP value in one chunk. */
    static byte[] executeSql(String text) {
        byte[] statement = text.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer out = ByteBuffer.allocate(allHeaders().length + 64 + statement.length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.put(allHeaders());
        out.putShort((short) 0xFFFF).putShort((short) 10).putShort((short) 0);
        out.put((byte) 0).put((byte) 0); // no name, no status
        out.put((byte) 0xE7).putShort((short) 0xFFFF).put(HexFormat.of().parseHex("0904d00034"));
        out.putLong(statement.length).putInt(statement.length).put(statement).putInt(0);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** sp_executesql by id with parameters of many types, then a second call by name (MS-TDS 2.2.6.6). */
    static byte[] rpcRequest() {
        return RpcRequests.manyTypes();
    }

    /**
     * sp_executesql by id with an xml, a sql_variant (int), a CLR UDT and a TVP (two columns, ordering tokens, two
     * rows) parameter, as MS-TDS 2.2.5.5.2-2.2.5.5.5 frame them.
     */
    static byte[] rpcRequestOfExtendedTypes() {
        String collation = "0904d00034";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(allHeaders());
        out.writeBytes(HexFormat.of().parseHex("ffff0a00" + "0000"));
        byte[] statement = "SELECT @p0".getBytes(StandardCharsets.UTF_16LE);
        out.writeBytes(HexFormat.of().parseHex("0000" + "e7401f" + collation));
        out.writeBytes(new byte[] {(byte) statement.length, 0});
        out.writeBytes(statement);
        String[] parameters = {
            "f1" + "00" + "0800000000000000" + "08000000" + "3c0061002f003e00" + "00000000",   // xml <a/>
            "62" + "501f0000" + "06000000" + "3800" + "2a000000",                            // sql_variant int 42
            "f0" + "00" + "03" + "640062006f00" + "01" + "5000"
                    + "feffffffffffffff" + "02000000" + "0102" + "00000000",                 // UDT dbo.P
            "f3" + "00" + "03" + "640062006f00" + "03" + "490064007300"                      // TVP dbo.Ids
                    + "0200" + "00000000" + "0000" + "2604" + "00"
                    + "00000000" + "0100" + "e71400" + collation + "00"
                    + "10" + "0100" + "0100" + "01" + "11" + "0100" + "0100" + "00"
                    + "01" + "0401000000" + "0400" + "68006900" + "01" + "0402000000" + "ffff" + "00",
        };
        for (int i = 0; i < parameters.length; i++) {
            byte[] name = ("@p" + i).getBytes(StandardCharsets.UTF_16LE);
            out.write(name.length / 2);
            out.writeBytes(name);
            out.write(0);
            out.writeBytes(HexFormat.of().parseHex(parameters[i]));
        }
        return out.toByteArray();
    }

    /** The first flight of the JDK's TLS client: one ClientHello record. */
    static byte[] jdkClientHello(String... protocols) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, new java.security.SecureRandom(new byte[] {7}));
            SSLEngine engine = context.createSSLEngine("127.0.0.1", 1433);
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(protocols);
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            return hello;
        } catch (Exception e) {
            throw new IllegalStateException("the JDK wrote no ClientHello", e);
        }
    }

    /** The key=value fields of every capture line that contains {@code marker}, in file order. */
    static List<Map<String, String>> captureLines(String marker) {
        List<Map<String, String>> all = new ArrayList<>();
        for (Path file : captureFiles()) {
            for (String line : lines(file)) {
                int at = line.indexOf(marker);
                if (at >= 0) {
                    Map<String, String> fields = new java.util.LinkedHashMap<>();
                    Matcher m = FIELD.matcher(line.substring(at + marker.length()));
                    while (m.find()) {
                        fields.put(m.group(1), m.group(2));
                    }
                    all.add(fields);
                }
            }
        }
        return all;
    }

    static List<Path> captureFiles() {
        try (Stream<Path> files = Files.list(CAPTURES)) {
            return files.filter(f -> f.toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Python repr of a string, as the captures write them: quotes off, \n, \t, \\ and \' undone. */
    static String unquote(String repr) {
        if (repr.length() < 2 || repr.charAt(0) != '\'' || repr.charAt(repr.length() - 1) != '\'') {
            return repr;
        }
        String body = repr.substring(1, repr.length() - 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char next = body.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static byte[] payload(byte[] packet) {
        return Arrays.copyOfRange(packet, PacketHeader.SIZE, packet.length);
    }

    private static List<byte[]> distinct(List<byte[]> inputs) {
        Set<String> seen = new LinkedHashSet<>();
        List<byte[]> kept = new ArrayList<>();
        for (byte[] input : inputs) {
            if (seen.add(HexFormat.of().formatHex(input))) {
                kept.add(input);
            }
        }
        return kept;
    }
}
