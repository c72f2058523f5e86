package dev.tdsmock.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * One TCP connection written as a pcapng file (RFC draft-ietf-opsawg-pcapng: a Section Header Block, an Interface
 * Description Block for Ethernet, an Enhanced Packet Block per segment, and a Decryption Secrets Block with the
 * connection's TLS secrets) from what a server saw of it: the TCP/IP headers are made up from the real addresses and
 * ports, with sequence and acknowledgement numbers that follow the bytes (RFC 9293), so that Wireshark reassembles
 * the stream; and its end is the one the connection had, the server's RST or either side's FIN (Netty's
 * PcapWriteHandler writes every close as a FIN and a reset as the peer's, which would hide what a fault did).
 *
 * <p>Wireshark decrypts a TLS record only with secrets it has read before it, so the segments of a TLS handshake
 * are held ({@link #holdForSecrets}) until its secrets are known and go out after them ({@link #secrets}). Not
 * thread-safe: one connection's events come from its event loop.
 */
public final class TcpCapture implements AutoCloseable {
    private static final int SECTION_HEADER_BLOCK = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION_BLOCK = 1;
    private static final int ENHANCED_PACKET_BLOCK = 6;
    private static final int DECRYPTION_SECRETS_BLOCK = 0x0A;
    /** The DSB's secrets type for the NSS key log format: "TLSK". */
    private static final int TLS_KEY_LOG = 0x544c534b;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IF_TSRESOL = 9;
    /** Timestamps in nanoseconds: if_tsresol 9 (10^-9 s). */
    private static final byte NANOSECONDS = 9;
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
    /** The blocks held back until a TLS handshake's secrets are known; null when nothing is held. */
    private ByteArrayOutputStream held;
    private final InetSocketAddress client;
    private final InetSocketAddress server;
    private long clientSequence;
    private long serverSequence;
    private boolean ended;
    private boolean closed;
    private boolean clientFin;
    private boolean serverFin;

    /** Writes the file's Section Header Block and its one interface, Ethernet with nanosecond timestamps. */
    public TcpCapture(OutputStream out, InetSocketAddress client, InetSocketAddress server) throws IOException {
        this.out = out;
        this.client = client;
        this.server = server;
        ByteBuffer section = body(16);
        section.putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0).putLong(-1); // length unknown
        out.write(block(SECTION_HEADER_BLOCK, section.array()));
        ByteBuffer face = body(8 + 8 + 4);
        face.putShort((short) LINKTYPE_ETHERNET).putShort((short) 0).putInt(SNAPLEN)
                .putShort((short) IF_TSRESOL).putShort((short) 1).put(NANOSECONDS).put(new byte[3])
                .putInt(0); // opt_endofopt
        out.write(block(INTERFACE_DESCRIPTION_BLOCK, face.array()));
    }

    /** From now on, segments wait for the secrets of the TLS handshake that starts ({@link #secrets}). */
    public void holdForSecrets() {
        if (held == null) {
            held = new ByteArrayOutputStream();
        }
    }

    /**
     * Writes the handshake's secrets (NSS key log lines; none when the engine gave none or the handshake failed)
     * as a Decryption Secrets Block, then the segments held back for them.
     */
    public void secrets(List<String> keyLogLines) throws IOException {
        if (closed) {
            return;
        }
        if (!keyLogLines.isEmpty()) {
            byte[] secrets = (String.join("\n", keyLogLines) + "\n").getBytes(StandardCharsets.US_ASCII);
            int padded = (secrets.length + 3) & ~3;
            ByteBuffer body = body(8 + padded);
            body.putInt(TLS_KEY_LOG).putInt(secrets.length).put(secrets);
            out.write(block(DECRYPTION_SECRETS_BLOCK, body.array()));
        }
        release();
    }

    private void release() throws IOException {
        if (held != null) {
            held.writeTo(out);
            held = null;
        }
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
        if (closed) {
            return;
        }
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
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        int padded = (frameLength + 3) & ~3;
        ByteBuffer packet = body(20 + padded);
        packet.putInt(0).putInt((int) (nanos >>> 32)).putInt((int) nanos).putInt(frameLength).putInt(frameLength)
                .put(frame.array());
        byte[] block = block(ENHANCED_PACKET_BLOCK, packet.array());
        if (held != null) {
            held.write(block);
        } else {
            out.write(block);
        }
    }

    /** A block's body, little-endian, zero-filled to its length (a multiple of 4). */
    private static ByteBuffer body(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** type, total length, body, total length again. */
    private static byte[] block(int type, byte[] body) {
        int total = 12 + body.length;
        return ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(total).put(body)
                .putInt(total).array();
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

    /** Writes what is still held (a handshake that never finished) and closes the file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            release();
        } finally {
            out.close();
        }
    }
}
