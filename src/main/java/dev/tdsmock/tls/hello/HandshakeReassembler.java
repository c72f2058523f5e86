package dev.tdsmock.tls.hello;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Joins the first handshake message from the handshake records at the start of a buffer, without moving its
 * reader index. Checks the record headers, the message type and the message's size as soon as their bytes are
 * present, so that bad input fails early rather than waiting for bytes that will never be needed.
 */
final class HandshakeReassembler {
    static final int MESSAGE_HEADER_BYTES = 4;
    private static final int CLIENT_HELLO = 1;

    /** A complete handshake message, its 4-byte header included, and the version of the first record carrying it. */
    record Message(int recordVersion, byte[] bytes) {
    }

    private HandshakeReassembler() {
    }

    static Optional<Message> tryAssemble(ByteBuf in, int maxWireBytes) {
        int start = in.readerIndex();
        byte[] header = new byte[MESSAGE_HEADER_BYTES];
        int collected = 0;
        int messageLength = -1;
        int recordVersion = -1;
        int at = start;
        for (int index = 0; ; index++) {
            RecordHeader record = RecordHeader.peek(in, at, index, at - start);
            if (record == null) {
                return Optional.empty();
            }
            if (index == 0) {
                recordVersion = record.version();
            }
            int body = at + RecordHeader.BYTES;
            int present = Math.min(record.length(), in.writerIndex() - body);

            int headerBytes = Math.min(present, Math.max(0, MESSAGE_HEADER_BYTES - collected));
            if (headerBytes > 0) {
                in.getBytes(body, header, collected, headerBytes);
            }
            if (collected + headerBytes >= 1 && header[0] != CLIENT_HELLO) {
                throw new MalformedClientHelloException(String.format(
                        "handshake type %d where client_hello (1) was expected", header[0] & 0xFF));
            }
            if (messageLength < 0 && collected + headerBytes == MESSAGE_HEADER_BYTES) {
                messageLength = MESSAGE_HEADER_BYTES + readU24(header, 1);
            }
            if (messageLength < 0) {
                collected += present;
            } else {
                int missing = messageLength - collected;
                // Lower bound of where the message ends on the wire: the rest in this record, or at least one more record.
                long end = (long) (body - start) + missing + (missing > record.length() ? RecordHeader.BYTES : 0);
                if (end > maxWireBytes) {
                    throw new MalformedClientHelloException(String.format(
                            "ClientHello would take more than %d bytes: a %d-byte handshake message, record %d at byte %d",
                            maxWireBytes, messageLength, index, at - start));
                }
                collected += Math.min(present, missing);
                if (collected == messageLength) {
                    return Optional.of(new Message(recordVersion, copyMessage(in, messageLength)));
                }
            }
            if (present < record.length()) {
                return Optional.empty();
            }
            at = body + record.length();
        }
    }

    /** Copies the message out of records already checked by {@link #tryAssemble}. */
    private static byte[] copyMessage(ByteBuf in, int messageLength) {
        byte[] message = new byte[messageLength];
        int copied = 0;
        int at = in.readerIndex();
        while (copied < messageLength) {
            int length = in.getUnsignedShort(at + 3);
            int take = Math.min(length, messageLength - copied);
            in.getBytes(at + RecordHeader.BYTES, message, copied, take);
            copied += take;
            at += RecordHeader.BYTES + length;
        }
        return message;
    }

    private static int readU24(byte[] bytes, int from) {
        return ((bytes[from] & 0xFF) << 16) | ((bytes[from + 1] & 0xFF) << 8) | (bytes[from + 2] & 0xFF);
    }
}
