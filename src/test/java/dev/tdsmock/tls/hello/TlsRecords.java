package dev.tdsmock.tls.hello;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/** Takes TLS records apart and frames handshake bytes into records again, for tests that reshape a real hello. */
final class TlsRecords {
    static final int HANDSHAKE = 22;

    private TlsRecords() {
    }

    /** The bodies of the leading handshake records, joined: the handshake messages they carry. */
    static byte[] handshakeBytes(byte[] wire) {
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int at = 0;
        while (at + 5 <= wire.length && (wire[at] & 0xFF) == HANDSHAKE) {
            int length = u16(wire, at + 3);
            messages.write(wire, at + 5, length);
            at += 5 + length;
        }
        return messages.toByteArray();
    }

    static int recordVersion(byte[] wire) {
        return u16(wire, 1);
    }

    /** {@code bytes} as handshake records of {@code version}, each carrying the next of {@code sizes} bytes. */
    static byte[] frame(byte[] bytes, int version, int... sizes) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int at = 0;
        for (int size : sizes) {
            record(wire, HANDSHAKE, version, Arrays.copyOfRange(bytes, at, at + size));
            at += size;
        }
        if (at != bytes.length) {
            throw new IllegalArgumentException("sizes add up to " + at + ", not " + bytes.length);
        }
        return wire.toByteArray();
    }

    /** {@code bytes} as handshake records of {@code version} of at most {@code size} bytes each. */
    static byte[] frameEvery(byte[] bytes, int version, int size) {
        int[] sizes = new int[(bytes.length + size - 1) / size];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Math.min(size, bytes.length - i * size);
        }
        return frame(bytes, version, sizes);
    }

    static void record(ByteArrayOutputStream wire, int contentType, int version, byte[] body) {
        wire.write(contentType);
        wire.write(version >> 8);
        wire.write(version);
        wire.write(body.length >> 8);
        wire.write(body.length);
        wire.writeBytes(body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }

    static int u16(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 8);
        bytes[at + 1] = (byte) value;
    }
}
