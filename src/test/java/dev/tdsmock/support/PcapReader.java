package dev.tdsmock.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a pcapng file as tds-mock writes it (one section, one Ethernet interface with nanosecond timestamps): the TCP
 * segments of its Enhanced Packet Blocks, IPv4 or IPv6, and the TLS key log of its Decryption Secrets Blocks, each
 * with its place among the blocks, for checking what a capture holds.
 */
public final class PcapReader {
    private static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int DECRYPTION_SECRETS_BLOCK = 0x0A;
    private static final int TLS_KEY_LOG = 0x544c534b;
    private static final int ETHERNET_HEADER = 14;
    private static final int TCP_RST = 0x04;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_FIN = 0x01;

    /** One TCP segment: its ports, flags and payload, when it was captured (microseconds), its block's index. */
    public record Segment(int sourcePort, int destinationPort, int flags, byte[] payload, long micros, int block) {
        public boolean rst() {
            return (flags & TCP_RST) != 0;
        }

        public boolean syn() {
            return (flags & TCP_SYN) != 0;
        }

        public boolean fin() {
            return (flags & TCP_FIN) != 0;
        }
    }

    /** The NSS key log lines of one Decryption Secrets Block, and the block's index. */
    public record Secrets(List<String> lines, int block) {
    }

    /** What a file holds. */
    public record Capture(List<Segment> segments, List<Secrets> secrets) {
    }

    private PcapReader() {
    }

    public static List<Segment> segments(Path file) throws IOException {
        return read(file).segments();
    }

    public static Capture read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 12 || in.getInt(0) != SECTION_HEADER_BLOCK || in.getInt(8) != 0x1A2B3C4D) {
            throw new IOException(file + " is not a little-endian pcapng file");
        }
        List<Segment> segments = new ArrayList<>();
        List<Secrets> secrets = new ArrayList<>();
        int index = 0;
        while (in.remaining() >= 12) {
            int start = in.position();
            int type = in.getInt(start);
            int length = in.getInt(start + 4);
            if (length < 12 || length > in.remaining() || in.getInt(start + length - 4) != length) {
                throw new IOException(file + ": a broken block at byte " + start);
            }
            switch (type) {
                case INTERFACE_DESCRIPTION_BLOCK -> {
                    if ((in.getShort(start + 8) & 0xFFFF) != 1) {
                        throw new IOException(file + " does not hold Ethernet frames");
                    }
                }
                case ENHANCED_PACKET_BLOCK -> {
                    long nanos = (Integer.toUnsignedLong(in.getInt(start + 12)) << 32)
                            | Integer.toUnsignedLong(in.getInt(start + 16));
                    int captured = in.getInt(start + 20);
                    byte[] frame = Arrays.copyOfRange(in.array(), start + 28, start + 28 + captured);
                    segments.add(segment(frame, nanos / 1000, index));
                }
                case DECRYPTION_SECRETS_BLOCK -> {
                    if (in.getInt(start + 8) == TLS_KEY_LOG) {
                        int size = in.getInt(start + 12);
                        String text = new String(in.array(), start + 16, size, StandardCharsets.US_ASCII);
                        secrets.add(new Secrets(text.lines().toList(), index));
                    }
                }
                default -> { }
            }
            in.position(start + length);
            index++;
        }
        return new Capture(segments, secrets);
    }

    private static Segment segment(byte[] frame, long micros, int block) {
        ByteBuffer f = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        int etherType = f.getShort(12) & 0xFFFF;
        int ip = ETHERNET_HEADER;
        int tcp = etherType == 0x0800 ? ip + (f.get(ip) & 0x0F) * 4 : ip + 40;
        int payload = tcp + ((f.get(tcp + 12) & 0xF0) >> 4) * 4;
        return new Segment(f.getShort(tcp) & 0xFFFF, f.getShort(tcp + 2) & 0xFFFF, f.get(tcp + 13) & 0xFF,
                Arrays.copyOfRange(frame, payload, frame.length), micros, block);
    }
}
