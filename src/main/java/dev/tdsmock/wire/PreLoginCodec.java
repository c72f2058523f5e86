package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the PRELOGIN option table. Offsets are relative to the start of the payload. */
public final class PreLoginCodec {
    private static final int ENTRY_SIZE = 5;
    private static final int MAX_OPTIONS = 64;

    private PreLoginCodec() {
    }

    public static PreLogin decode(ByteBuf payload) {
        int base = payload.readerIndex();
        int size = payload.readableBytes();
        List<int[]> entries = readOptionTable(payload, base, size);
        int dataStart = entries.size() * ENTRY_SIZE + 1;

        PreLogin.Version version = null;
        Integer encryption = null;
        String instance = null;
        Long threadId = null;
        Integer mars = null;
        byte[] traceId = null;
        Integer fedAuth = null;
        byte[] nonce = null;
        List<Integer> unknown = new ArrayList<>();
        for (int[] entry : entries) {
            int token = entry[0];
            int offset = entry[1];
            int length = entry[2];
            if (length > 0 && (offset < dataStart || offset + length > size)) {
                throw new MalformedTdsException(String.format(
                        "PRELOGIN option 0x%02X points at bytes %d..%d, outside the option data (%d..%d)",
                        token, offset, offset + length, dataStart, size));
            }
            int at = base + offset;
            switch (token) {
                case PreLogin.OPTION_VERSION -> {
                    requireLength(token, length, 6);
                    version = new PreLogin.Version(payload.getUnsignedByte(at), payload.getUnsignedByte(at + 1),
                            payload.getUnsignedShort(at + 2), payload.getUnsignedShortLE(at + 4));
                }
                case PreLogin.OPTION_ENCRYPTION -> {
                    requireLength(token, length, 1);
                    encryption = (int) payload.getUnsignedByte(at);
                }
                case PreLogin.OPTION_INSTOPT -> instance = readInstance(payload, at, length);
                case PreLogin.OPTION_THREADID -> {
                    if (length != 0) {
                        requireLength(token, length, 4);
                        threadId = payload.getUnsignedInt(at);
                    }
                }
                case PreLogin.OPTION_MARS -> {
                    requireLength(token, length, 1);
                    mars = (int) payload.getUnsignedByte(at);
                }
                case PreLogin.OPTION_TRACEID -> {
                    requireLength(token, length, 36);
                    traceId = bytes(payload, at, length);
                }
                case PreLogin.OPTION_FEDAUTHREQUIRED -> {
                    requireLength(token, length, 1);
                    fedAuth = (int) payload.getUnsignedByte(at);
                }
                case PreLogin.OPTION_NONCE -> {
                    requireLength(token, length, 32);
                    nonce = bytes(payload, at, length);
                }
                default -> unknown.add(token);
            }
        }
        if (version == null) {
            throw new MalformedTdsException("PRELOGIN has no VERSION option, which must come first");
        }
        return new PreLogin(version, encryption, instance, threadId, mars, traceId, fedAuth, nonce, List.copyOf(unknown));
    }

    private static List<int[]> readOptionTable(ByteBuf payload, int base, int size) {
        List<int[]> entries = new ArrayList<>();
        int at = 0;
        while (true) {
            if (at >= size) {
                throw new MalformedTdsException("PRELOGIN option table has no terminator (0xFF) within "
                        + size + " bytes");
            }
            int token = payload.getUnsignedByte(base + at);
            if (token == PreLogin.TERMINATOR) {
                return entries;
            }
            if (at + ENTRY_SIZE > size) {
                throw new MalformedTdsException("PRELOGIN option table entry at byte " + at + " is cut short");
            }
            if (entries.size() == MAX_OPTIONS) {
                throw new MalformedTdsException("PRELOGIN has more than " + MAX_OPTIONS + " options");
            }
            entries.add(new int[] {token, payload.getUnsignedShort(base + at + 1), payload.getUnsignedShort(base + at + 3)});
            at += ENTRY_SIZE;
        }
    }

    private static void requireLength(int token, int length, int expected) {
        if (length != expected) {
            throw new MalformedTdsException(String.format("PRELOGIN option 0x%02X has length %d, expected %d",
                    token, length, expected));
        }
    }

    private static String readInstance(ByteBuf payload, int at, int length) {
        int end = at;
        while (end < at + length && payload.getByte(end) != 0) {
            end++;
        }
        return payload.toString(at, end - at, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(ByteBuf payload, int at, int length) {
        byte[] copy = new byte[length];
        payload.getBytes(at, copy);
        return copy;
    }

    /** Writes the server's answer: VERSION, ENCRYPTION, INSTOPT, THREADID (empty), MARS, and FEDAUTHREQUIRED when asked. */
    public static void encodeReply(ByteBuf out, PreLogin.Version serverVersion, int encryption, boolean includeFedAuth) {
        List<byte[]> options = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        tokens.add(PreLogin.OPTION_VERSION);
        options.add(new byte[] {(byte) serverVersion.major(), (byte) serverVersion.minor(),
                (byte) (serverVersion.build() >> 8), (byte) serverVersion.build(),
                (byte) serverVersion.subBuild(), (byte) (serverVersion.subBuild() >> 8)});
        tokens.add(PreLogin.OPTION_ENCRYPTION);
        options.add(new byte[] {(byte) encryption});
        tokens.add(PreLogin.OPTION_INSTOPT);
        options.add(new byte[] {0});
        tokens.add(PreLogin.OPTION_THREADID);
        options.add(new byte[0]);
        tokens.add(PreLogin.OPTION_MARS);
        options.add(new byte[] {0});
        if (includeFedAuth) {
            tokens.add(PreLogin.OPTION_FEDAUTHREQUIRED);
            options.add(new byte[] {0});
        }
        int offset = tokens.size() * ENTRY_SIZE + 1;
        for (int i = 0; i < tokens.size(); i++) {
            out.writeByte(tokens.get(i));
            out.writeShort(offset);
            out.writeShort(options.get(i).length);
            offset += options.get(i).length;
        }
        out.writeByte(PreLogin.TERMINATOR);
        options.forEach(out::writeBytes);
    }
}
