package dev.tdsmock.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HexFormat;

/** A bare socket client for feeding the server bytes no driver would send. Every read is bounded. */
public final class RawClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private final Socket socket;

    public RawClient(int port) throws IOException {
        socket = new Socket();
        // before connecting: a server that resets at once (a full backlog) would make setting it afterwards fail
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
    }

    public RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawClient sendHex(String hex) throws IOException {
        return send(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads one whole TDS packet (header included). */
    public byte[] readPacket() throws IOException {
        byte[] header = readFully(8);
        int length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
        byte[] packet = Arrays.copyOf(header, length);
        System.arraycopy(readFully(length - 8), 0, packet, 8, length - 8);
        return packet;
    }

    private byte[] readFully(int length) throws IOException {
        byte[] bytes = new byte[length];
        int at = 0;
        InputStream in = socket.getInputStream();
        while (at < length) {
            int read = in.read(bytes, at, length - at);
            if (read < 0) {
                throw new IOException("connection closed after " + at + " of " + length + " bytes");
            }
            at += read;
        }
        return bytes;
    }

    /**
     * True when the server has closed the connection: end of stream or a reset, within the read timeout.
     * Bytes the server sent before closing are skipped.
     */
    public boolean closedByServer() throws IOException {
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        try {
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    /** True when the server closed or reset the connection within {@code wait}; reads nothing the server sent. */
    public boolean closedWithin(java.time.Duration wait) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return socket.getInputStream().read() < 0 && markClosed();
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return markClosed();
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(timeout);
            }
        }
    }

    private boolean closedByPeer;

    private boolean markClosed() {
        closedByPeer = true;
        return true;
    }

    /** Whether {@link #closedWithin} saw the server close. */
    public boolean isClosed() {
        return closedByPeer;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
