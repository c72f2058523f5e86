package dev.tdsmock.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the TCP segments of a classic pcap file of Ethernet frames (libpcap's format: a 24-byte global header, then
 * records of a 16-byte header and the frame), IPv4 or IPv6, for checking what a capture holds.
 */
public final class PcapReader {
    private static final int ETHERNET_HEADER = 14;
    private static final int TCP_RST = 0x04;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_FIN = 0x01;

    /** One TCP segment: its ports, flags and payload, and when it was captured (microseconds). */
    public record Segment(int sourcePort, int destinationPort, int flags, byte[] payload, long micros) {
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

    private PcapReader() {
    }

    public static List<Segment> segments(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = in.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xd4c3b2a1) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4) {
            throw new IOException(file + " is not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        if (in.getInt(20) != 1) {
            throw new IOException(file + " does not hold Ethernet frames (link type " + in.getInt(20) + ")");
        }
        in.position(24);
        List<Segment> segments = new ArrayList<>();
        while (in.remaining() >= 16) {
            long seconds = Integer.toUnsignedLong(in.getInt());
            long micros = Integer.toUnsignedLong(in.getInt());
            int length = in.getInt();
            in.getInt(); // original length
            byte[] frame = new byte[length];
            in.get(frame);
            segments.add(segment(frame, seconds * 1_000_000 + micros));
        }
        return segments;
    }

    private static Segment segment(byte[] frame, long micros) {
        ByteBuffer f = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        int etherType = f.getShort(12) & 0xFFFF;
        int ip = ETHERNET_HEADER;
        int tcp = etherType == 0x0800 ? ip + (f.get(ip) & 0x0F) * 4 : ip + 40;
        int payload = tcp + ((f.get(tcp + 12) & 0xF0) >> 4) * 4;
        return new Segment(f.getShort(tcp) & 0xFFFF, f.getShort(tcp + 2) & 0xFFFF, f.get(tcp + 13) & 0xFF,
                Arrays.copyOfRange(frame, payload, frame.length), micros);
    }
}
