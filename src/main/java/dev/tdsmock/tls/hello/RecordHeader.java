package dev.tdsmock.tls.hello;

import io.netty.buffer.ByteBuf;

/** The 5-byte header of a TLS handshake record (RFC 8446 section 5.1): content type 22, legacy record version, length. */
record RecordHeader(int version, int length) {
    static final int BYTES = 5;
    static final int HANDSHAKE = 22;
    /** RFC 5246 allows a compressed record up to 2^14 + 1024 and an encrypted one up to 2^14 + 2048. */
    static final int MAX_LENGTH = (1 << 14) + 2048;

    /**
     * The header of the record that starts at {@code at}, or null when fewer bytes than needed to judge it are
     * present. {@code index} counts records from 0, for messages; {@code wireOffset} is {@code at} relative to the
     * first byte of the first record.
     */
    static RecordHeader peek(ByteBuf in, int at, int index, int wireOffset) {
        int present = in.writerIndex() - at;
        if (present < 1) {
            return null;
        }
        int type = in.getUnsignedByte(at);
        if (type != HANDSHAKE) {
            rejectContentType(in, at, type, index, wireOffset);
            return null;
        }
        if (present < 3) {
            return null;
        }
        int version = in.getUnsignedShort(at + 1);
        if (version >> 8 != 3) {
            throw new MalformedClientHelloException(String.format(
                    "record %d at byte %d: record version 0x%04X, major is not 3", index, wireOffset, version));
        }
        if (present < BYTES) {
            return null;
        }
        int length = in.getUnsignedShort(at + 3);
        if (length == 0 || length > MAX_LENGTH) {
            throw new MalformedClientHelloException(String.format(
                    "record %d at byte %d: length %d, not within 1..%d", index, wireOffset, length, MAX_LENGTH));
        }
        return new RecordHeader(version, length);
    }

    /** Throws unless more bytes are needed to tell an SSLv2-format hello from other bytes. */
    private static void rejectContentType(ByteBuf in, int at, int type, int index, int wireOffset) {
        if (index > 0) {
            throw new MalformedClientHelloException(String.format(
                    "record %d at byte %d: content type %d before the ClientHello is complete", index, wireOffset, type));
        }
        if ((type & 0x80) != 0) {
            // SSLv2 record header: 2-byte length with the high bit set, then the message type, 1 for CLIENT-HELLO.
            if (in.writerIndex() - at < 3) {
                return;
            }
            if (in.getUnsignedByte(at + 2) == 1) {
                throw new MalformedClientHelloException("SSLv2-format ClientHello, not supported");
            }
        }
        throw new MalformedClientHelloException(String.format(
                "first byte 0x%02X is not a TLS handshake record (content type 22)", type));
    }
}
