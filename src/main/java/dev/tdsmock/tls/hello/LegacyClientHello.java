package dev.tdsmock.tls.hello;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/**
 * A ClientHello as a server that predates TLS 1.3 reads it: without its supported_versions extension, so that a
 * TLS engine negotiates from legacy_version alone (RFC 5246 appendix E.1). Used only where the version the
 * server answers with is one the client's supported_versions leave out: such a handshake cannot complete, so
 * the transcript the engine hashes differing from the client's does not matter.
 */
public final class LegacyClientHello {
    private static final int SUPPORTED_VERSIONS = 43;
    private static final int HANDSHAKE = 22;
    /** The most plaintext a TLS record carries (RFC 5246 6.2.1). */
    private static final int MAX_FRAGMENT = 1 << 14;

    private LegacyClientHello() {
    }

    /**
     * The readable bytes of {@code in}, whose start is a complete ClientHello ({@link ClientHelloParser#tryParse}
     * returned it), with supported_versions (extension 43) taken out of that ClientHello; the handshake records
     * that carried it are framed anew (records of at most 2^14 bytes, the first record's version), and whatever
     * follows them is kept. Does not move {@code in}'s indexes.
     */
    public static byte[] withoutSupportedVersions(ByteBuf in) {
        int at = in.readerIndex();
        int recordVersion = in.getUnsignedShort(at + 1);
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        int messageLength = -1;
        while (messageLength < 0 || payload.size() < messageLength) {
            // the record that ends the message may claim more bytes than have arrived: take those that have
            int length = Math.min(in.getUnsignedShort(at + 3), in.writerIndex() - at - RecordHeader.BYTES);
            byte[] body = new byte[length];
            in.getBytes(at + RecordHeader.BYTES, body);
            payload.writeBytes(body);
            at += RecordHeader.BYTES + length;
            if (messageLength < 0 && payload.size() >= HandshakeReassembler.MESSAGE_HEADER_BYTES) {
                byte[] header = payload.toByteArray();
                messageLength = HandshakeReassembler.MESSAGE_HEADER_BYTES
                        + ((header[1] & 0xFF) << 16 | (header[2] & 0xFF) << 8 | header[3] & 0xFF);
            }
        }
        byte[] records = payload.toByteArray();
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
        rewritten.writeBytes(withoutExtension(records, messageLength));
        rewritten.write(records, messageLength, records.length - messageLength);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] newPayload = rewritten.toByteArray();
        for (int start = 0; start < newPayload.length; start += MAX_FRAGMENT) {
            int length = Math.min(MAX_FRAGMENT, newPayload.length - start);
            out.write(HANDSHAKE);
            out.write(recordVersion >> 8);
            out.write(recordVersion);
            out.write(length >> 8);
            out.write(length);
            out.write(newPayload, start, length);
        }
        byte[] rest = new byte[in.writerIndex() - at];
        in.getBytes(at, rest);
        out.writeBytes(rest);
        return out.toByteArray();
    }

    /** The handshake message in {@code message[0, length)} without supported_versions, its lengths adjusted. */
    private static byte[] withoutExtension(byte[] message, int length) {
        int at = HandshakeReassembler.MESSAGE_HEADER_BYTES + 2 + 32;
        at += 1 + (message[at] & 0xFF);                                   // legacy_session_id
        at += 2 + u16(message, at);                                       // cipher_suites
        at += 1 + (message[at] & 0xFF);                                   // legacy_compression_methods
        if (at >= length) {
            return java.util.Arrays.copyOf(message, length);
        }
        int extensionsStart = at + 2;
        int extensionsEnd = extensionsStart + u16(message, at);
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        for (int ext = extensionsStart; ext < extensionsEnd; ) {
            int size = 4 + u16(message, ext + 2);
            if (u16(message, ext) != SUPPORTED_VERSIONS) {
                kept.write(message, ext, size);
            }
            ext += size;
        }
        byte[] extensions = kept.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(message, 0, at);
        out.write(extensions.length >> 8);
        out.write(extensions.length);
        out.writeBytes(extensions);
        out.write(message, extensionsEnd, length - extensionsEnd);
        byte[] result = out.toByteArray();
        int body = result.length - HandshakeReassembler.MESSAGE_HEADER_BYTES;
        result[1] = (byte) (body >> 16);
        result[2] = (byte) (body >> 8);
        result[3] = (byte) body;
        return result;
    }

    private static int u16(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}
