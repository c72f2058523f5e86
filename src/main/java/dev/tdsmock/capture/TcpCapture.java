package dev.tdsmock.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * One TCP connection written as a libpcap file (the classic format: a 24-byte global header, then a 16-byte header
 * and an Ethernet frame per segment; https://wiki.wireshark.org/Development/LibpcapFileFormat) from what a server
 * saw of it: the TCP/IP headers are made up from the real addresses and ports, with sequence and acknowledgement
 * numbers that follow the bytes (RFC 9293), so that Wireshark reassembles the stream; and its end is the one the
 * connection had, the server's RST or either side's FIN (Netty's PcapWriteHandler writes every close as a FIN and a
 * reset as the peer's, which would hide what a fault did). Not thread-safe: one connection's events come from its
 * event loop.
 */
public final class TcpCapture implements AutoCloseable {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int SNAPLEN = 262_144;
    /** The largest payload put in one frame: an IPv4 datagram holds at most 65,535 bytes with its headers. */
    private static final int MAX_SEGMENT = 65_000;
    private static final int FIN = 0x01;
    private static final int SYN = 0x02;
    private static final int RST = 0x04;
    private static final int PSH = 0x08;
    private static final int ACK = 0x10;
    private static final byte[] CLIENT_MAC = {2, 0, 0, 0, 0, 1};
    private static final byte[] SERVER_MAC = {2, 0, 0, 0, 0, 2};

    private final OutputStream out;
    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private long clientSequence;
    private long serverSequence;
    private boolean ended;
    private boolean clientFin;
    private boolean serverFin;

    /** Writes the file's global header. */
    public TcpCapture(OutputStream out, InetSocketAddress client, InetSocketAddress server) throws IOException {
        this.out = out;
        this.client = client;
        this.server = server;
        ByteBuffer header = ByteBuffer.allocate(24);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                .putInt(LINKTYPE_ETHERNET);
        out.write(header.array());
    }

    /** The three-way handshake: SYN from the client, SYN-ACK, ACK. */
    public void opened() throws IOException {
        segment(true, SYN, new byte[0], 0, 0);
        clientSequence = 1;
        segment(false, SYN | ACK, new byte[0], 0, 0);
        serverSequence = 1;
        segment(true, ACK, new byte[0], 0, 0);
    }

    /** Bytes the client sent. */
    public void fromClient(byte[] data) throws IOException {
        data(true, data);
    }

    /** Bytes the server sent. */
    public void fromServer(byte[] data) throws IOException {
        data(false, data);
    }

    private void data(boolean fromClient, byte[] data) throws IOException {
        if (ended) {
            return;
        }
        for (int at = 0; at < data.length; at += MAX_SEGMENT) {
            int length = Math.min(MAX_SEGMENT, data.length - at);
            segment(fromClient, PSH | ACK, data, at, length);
            if (fromClient) {
                clientSequence += length;
            } else {
                serverSequence += length;
            }
        }
    }

    /** An orderly close begun by one side: its FIN (unless sent already), then the other's, then the last ACK. */
    public void closedBy(boolean client) throws IOException {
        if (ended) {
            return;
        }
        fin(client);
        fin(!client);
        segment(client, ACK, new byte[0], 0, 0);
        ended = true;
    }

    /** One side shuts down its sending (a half-close): its FIN; the other may go on sending. */
    public void halfClosedBy(boolean client) throws IOException {
        if (!ended) {
            fin(client);
        }
    }

    /** A reset from one side (SO_LINGER 0 on the server; a client that aborts). */
    public void resetBy(boolean client) throws IOException {
        if (ended) {
            return;
        }
        segment(client, RST | ACK, new byte[0], 0, 0);
        ended = true;
    }

    private void fin(boolean fromClient) throws IOException {
        if (fromClient ? clientFin : serverFin) {
            return;
        }
        segment(fromClient, FIN | ACK, new byte[0], 0, 0);
        if (fromClient) {
            clientSequence++;
            clientFin = true;
        } else {
            serverSequence++;
            serverFin = true;
        }
    }

    private void segment(boolean fromClient, int flags, byte[] data, int offset, int length) throws IOException {
        InetSocketAddress source = fromClient ? client : server;
        InetSocketAddress destination = fromClient ? server : client;
        boolean v4 = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
        int ipHeader = v4 ? 20 : 40;
        int frameLength = 14 + ipHeader + 20 + length;
        ByteBuffer frame = ByteBuffer.allocate(frameLength);
        frame.put(fromClient ? SERVER_MAC : CLIENT_MAC).put(fromClient ? CLIENT_MAC : SERVER_MAC)
                .putShort((short) (v4 ? 0x0800 : 0x86DD));
        if (v4) {
            int start = frame.position();
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 20 + length)).putShort((short) 0)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 6).putShort((short) 0)
                    .put(source.getAddress().getAddress()).put(destination.getAddress().getAddress());
            frame.putShort(start + 10, ipv4Checksum(frame.array(), start));
        } else {
            frame.putInt(0x60000000).putShort((short) (20 + length)).put((byte) 6).put((byte) 64)
                    .put(sixteen(source)).put(sixteen(destination));
        }
        long sequence = fromClient ? clientSequence : serverSequence;
        long acknowledged = flags == SYN ? 0 : fromClient ? serverSequence : clientSequence;
        frame.putShort((short) source.getPort()).putShort((short) destination.getPort()).putInt((int) sequence)
                .putInt((int) acknowledged).put((byte) (5 << 4)).put((byte) flags).putShort((short) 0xFFFF)
                .putShort((short) 0).putShort((short) 0);
        frame.put(data, offset, length);
        Instant now = Instant.now();
        ByteBuffer record = ByteBuffer.allocate(16);
        record.putInt((int) now.getEpochSecond()).putInt(now.getNano() / 1000).putInt(frameLength).putInt(frameLength);
        out.write(record.array());
        out.write(frame.array());
    }

    /** An IPv4 address as IPv6 sees it (::ffff:a.b.c.d) when the other end is IPv6. */
    private static byte[] sixteen(InetSocketAddress address) {
        byte[] bytes = address.getAddress().getAddress();
        if (bytes.length == 16) {
            return bytes;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }

    /** RFC 791: the one's complement of the one's complement sum of the header's 16-bit words. */
    private static short ipv4Checksum(byte[] frame, int start) {
        long sum = 0;
        for (int i = start; i < start + 20; i += 2) {
            sum += ((frame[i] & 0xFF) << 8) | (frame[i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
