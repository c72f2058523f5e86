package dev.tdsmock.tls.hello;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one structure of a handshake message, never past the structure's end. Offsets in error
 * messages count from the first byte of the handshake message (its type byte).
 */
final class FieldReader {
    private final byte[] message;
    private final String structure;
    private final int end;
    private int position;

    FieldReader(byte[] message, int from, int to, String structure) {
        this.message = message;
        this.position = from;
        this.end = to;
        this.structure = structure;
    }

    int u8(String field) {
        need(field, 1);
        return message[position++] & 0xFF;
    }

    int u16(String field) {
        need(field, 2);
        int value = ((message[position] & 0xFF) << 8) | (message[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    void skip(String field, int count) {
        need(field, count);
        position += count;
    }

    /** A vector's length prefix of {@code lengthBytes} (1 or 2), then a reader over exactly that many bytes. */
    FieldReader vector(String field, int lengthBytes) {
        int lengthAt = position;
        int length = lengthBytes == 1 ? u8(field + " length") : u16(field + " length");
        if (length > remaining()) {
            throw new MalformedClientHelloException(String.format(
                    "%s at offset %d: length %d runs past the end of %s (%d bytes left)",
                    field, lengthAt, length, structure, remaining()));
        }
        FieldReader inner = new FieldReader(message, position, position + length, field);
        position += length;
        return inner;
    }

    /** A vector that must fill the rest of this structure. */
    FieldReader onlyVector(String field, int lengthBytes) {
        FieldReader inner = vector(field, lengthBytes);
        requireEnd();
        return inner;
    }

    /** The rest of this structure as a list of 16-bit values. */
    List<Integer> u16List() {
        if (remaining() % 2 != 0) {
            throw new MalformedClientHelloException(String.format(
                    "%s at offset %d: odd length %d for a list of 16-bit values", structure, position, remaining()));
        }
        List<Integer> values = new ArrayList<>(remaining() / 2);
        while (hasRemaining()) {
            values.add(u16(structure));
        }
        return values;
    }

    /** The rest of this structure as a list of 8-bit values. */
    List<Integer> u8List() {
        List<Integer> values = new ArrayList<>(remaining());
        while (hasRemaining()) {
            values.add(u8(structure));
        }
        return values;
    }

    /** The rest of this structure as text. */
    String text(Charset charset) {
        String text = new String(message, position, remaining(), charset);
        position = end;
        return text;
    }

    boolean hasRemaining() {
        return position < end;
    }

    int remaining() {
        return end - position;
    }

    int position() {
        return position;
    }

    void requireNonEmpty() {
        if (!hasRemaining()) {
            throw new MalformedClientHelloException(String.format("%s at offset %d is empty", structure, position));
        }
    }

    void requireEnd() {
        if (hasRemaining()) {
            throw new MalformedClientHelloException(String.format(
                    "%s: %d bytes left over at offset %d", structure, remaining(), position));
        }
    }

    private void need(String field, int count) {
        if (count > remaining()) {
            throw new MalformedClientHelloException(String.format(
                    "%s at offset %d needs %d bytes, %s has only %d left", field, position, count, structure, remaining()));
        }
    }
}
