package dev.tdsmock.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes each client sent to its server in a capture file: classic libpcap (either byte order, micro- or
 * nanosecond magic) or pcapng (Section Header, Interface Description, Enhanced and Simple Packet Blocks), with
 * Ethernet, Linux cooked (SLL, SLL2) or raw IP frames, IPv4 or IPv6 TCP. Each TCP connection is one stream: its
 * client is the side that sent the SYN (or, when the capture starts later, the first to send data), and its bytes
 * are put in sequence order, retransmissions once.
 */
public final class ClientStreams {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_RAW = 101;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;
    private static final int LINKTYPE_IPV4 = 228;
    private static final int LINKTYPE_IPV6 = 229;
    private static final int TCP = 6;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    /** A capture larger than this is not read whole into memory. */
    private static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    /** What one client sent on one connection, from {@code client} to {@code server} ("address:port"). */
    public record Stream(String client, String server, byte[] bytes) {
    }

    private ClientStreams() {
    }

    /**
     * @throws IOException when the file cannot be read or is not a capture this reads; the message says which
     */
    public static List<Stream> read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes: cut the connection out of"
                    + " it first (editcap, or tcpdump -r ... -w ... 'tcp port 1433')");
        }
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        Map<String, Connection> connections = new LinkedHashMap<>();
        if (in.remaining() >= 4 && in.order(ByteOrder.BIG_ENDIAN).getInt(0) == 0x0A0D0D0A) {
            pcapng(in, connections);
        } else {
            pcap(file, in, connections);
        }
        List<Stream> streams = new ArrayList<>();
        for (Connection connection : connections.values()) {
            connection.stream().ifPresent(streams::add);
        }
        return streams;
    }

    private static void pcap(Path file, ByteBuffer in, Map<String, Connection> connections) throws IOException {
        if (in.remaining() < 24) {
            throw new IOException(file + " is neither pcap nor pcapng (nor a text capture): too short");
        }
        int magic = in.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException(file + " is neither pcap nor pcapng (nor a text capture): it starts with "
                    + String.format("%08x", magic));
        }
        int linkType = in.getInt(20) & 0xFFFF;
        in.position(24);
        while (in.remaining() >= 16) {
            in.getInt();
            in.getInt();
            int captured = in.getInt();
            in.getInt();
            if (captured < 0 || captured > in.remaining()) {
                break; // a file cut short: what came before still counts
            }
            byte[] frame = new byte[captured];
            in.get(frame);
            frame(linkType, frame, connections);
        }
    }

    private static void pcapng(ByteBuffer in, Map<String, Connection> connections) throws IOException {
        List<Integer> linkTypes = new ArrayList<>();
        while (in.remaining() >= 12) {
            int start = in.position();
            // the Section Header Block's type reads the same either way; its byte-order magic says the section's
            if (in.getInt(start) == 0x0A0D0D0A) {
                in.order(ByteOrder.BIG_ENDIAN);
                in.order(in.getInt(start + 8) == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                linkTypes.clear(); // a new section numbers its interfaces anew
            }
            int type = in.getInt(start);
            int length = in.getInt(start + 4);
            if (length < 12 || length > in.remaining()) {
                break;
            }
            switch (type) {
                case 1 -> linkTypes.add(in.getShort(start + 8) & 0xFFFF);
                case 6 -> {
                    int face = in.getInt(start + 8);
                    int captured = in.getInt(start + 20);
                    if (face < linkTypes.size() && captured >= 0 && captured <= length - 32) {
                        byte[] frame = new byte[captured];
                        in.get(start + 28, frame);
                        frame(linkTypes.get(face), frame, connections);
                    }
                }
                case 3 -> {
                    int original = in.getInt(start + 8);
                    int captured = Math.min(original, length - 16);
                    if (!linkTypes.isEmpty() && captured >= 0) {
                        byte[] frame = new byte[captured];
                        in.get(start + 12, frame);
                        frame(linkTypes.get(0), frame, connections);
                    }
                }
                default -> { }
            }
            in.position(start + length);
        }
    }

    /** One frame: its IP packet found by link type, and its TCP segment given to its connection. */
    private static void frame(int linkType, byte[] frame, Map<String, Connection> connections) {
        int ip = switch (linkType) {
            case LINKTYPE_ETHERNET -> ethernetPayload(frame);
            case LINKTYPE_LINUX_SLL -> 16;
            case LINKTYPE_LINUX_SLL2 -> 20;
            case LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6 -> 0;
            default -> -1;
        };
        if (ip < 0 || ip >= frame.length) {
            return;
        }
        ByteBuffer f = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        int version = (f.get(ip) & 0xF0) >> 4;
        int tcp;
        String source;
        String destination;
        if (version == 4 && frame.length >= ip + 20 && f.get(ip + 9) == TCP) {
            tcp = ip + (f.get(ip) & 0x0F) * 4;
            source = address(frame, ip + 12, 4);
            destination = address(frame, ip + 16, 4);
        } else if (version == 6 && frame.length >= ip + 40 && f.get(ip + 6) == TCP) {
            tcp = ip + 40;
            source = address(frame, ip + 8, 16);
            destination = address(frame, ip + 24, 16);
        } else {
            return;
        }
        if (frame.length < tcp + 20) {
            return;
        }
        int sourcePort = f.getShort(tcp) & 0xFFFF;
        int destinationPort = f.getShort(tcp + 2) & 0xFFFF;
        long sequence = Integer.toUnsignedLong(f.getInt(tcp + 4));
        int flags = f.get(tcp + 13) & 0xFF;
        int payload = tcp + ((f.get(tcp + 12) & 0xF0) >> 4) * 4;
        String from = source + ":" + sourcePort;
        String to = destination + ":" + destinationPort;
        String key = from.compareTo(to) < 0 ? from + " " + to : to + " " + from;
        Connection connection = connections.computeIfAbsent(key, k -> new Connection());
        byte[] data = payload < frame.length ? java.util.Arrays.copyOfRange(frame, payload, frame.length)
                : new byte[0];
        connection.segment(from, to, sequence, (flags & SYN) != 0 && (flags & ACK) == 0, data);
    }

    private static int ethernetPayload(byte[] frame) {
        if (frame.length < 14) {
            return -1;
        }
        int type = ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
        return type == 0x8100 ? 18 : 14; // one VLAN tag
    }

    private static String address(byte[] frame, int at, int length) {
        try {
            return java.net.InetAddress.getByAddress(java.util.Arrays.copyOfRange(frame, at, at + length))
                    .getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of " + length + " bytes", e);
        }
    }

    /** One TCP connection's segments, by direction, until its client is known. */
    private static final class Connection {
        private String client;
        private String server;
        private final Map<String, TreeMap<Long, byte[]>> sent = new LinkedHashMap<>();
        private final Map<String, Long> initialSequence = new LinkedHashMap<>();

        void segment(String from, String to, long sequence, boolean syn, byte[] data) {
            if (syn && client == null) {
                client = from;
                server = to;
                initialSequence.put(from, sequence + 1);
            }
            if (data.length == 0) {
                return;
            }
            if (client == null) {
                client = from; // the capture began after the SYN: the first to speak is the client, as in TDS
                server = to;
            }
            sent.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(sequence, data);
        }

        java.util.Optional<Stream> stream() {
            TreeMap<Long, byte[]> segments = client == null ? null : sent.get(client);
            if (segments == null || segments.isEmpty()) {
                return java.util.Optional.empty();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            long next = initialSequence.getOrDefault(client, segments.firstKey());
            for (Map.Entry<Long, byte[]> segment : segments.entrySet()) {
                long offset = next - segment.getKey();
                if (offset < 0) {
                    break; // a gap: a segment the capture missed
                }
                if (offset < segment.getValue().length) {
                    bytes.write(segment.getValue(), (int) offset, segment.getValue().length - (int) offset);
                    next = segment.getKey() + segment.getValue().length;
                }
            }
            return java.util.Optional.of(new Stream(client, server, bytes.toByteArray()));
        }
    }
}
