package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the PRELOGIN option table (MS-TDS 2.2.6.5). Offsets are relative to the start of the payload. */
public final class PreLoginCodec {
    private static final int ENTRY_SIZE = 5;
    private static final int MAX_OPTIONS = 64;

    private PreLoginCodec() {
    }

    /**
     * Decodes a PRELOGIN payload (MS-TDS 2.2.6.5): the option table, up to its terminator 0xFF, then each
     * option's data at its offset. VERSION must be there; options this server does not know are listed by token.
     *
     * @throws MalformedTdsException naming the option and where, for a table without terminator, an entry cut
     *         short, an option whose offset and length leave the payload or fall inside the table (any offset
     *         past the payload, even with length 0), or a known option of the wrong length
     */
    public static PreLogin decode(ByteBuf payload) {
        MessageBytes bytes = new MessageBytes("PRELOGIN", payload);
        int size = bytes.size();
        List<int[]> entries = readOptionTable(bytes);
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
            if (offset + length > size || length > 0 && offset < dataStart) {
                throw new MalformedTdsException(String.format(
                        "PRELOGIN option 0x%02X points at bytes %d..%d, outside the option data (%d..%d)",
                        token, offset, offset + length, dataStart, size));
            }
            String field = String.format("option 0x%02X", token);
            switch (token) {
                case PreLogin.OPTION_VERSION -> {
                    requireLength(token, length, 6);
                    version = new PreLogin.Version(bytes.u8(field, offset), bytes.u8(field, offset + 1),
                            bytes.u16(field, offset + 2), bytes.u16le(field, offset + 4));
                }
                case PreLogin.OPTION_ENCRYPTION -> {
                    requireLength(token, length, 1);
                    encryption = bytes.u8(field, offset);
                }
                case PreLogin.OPTION_INSTOPT -> instance = readInstance(bytes.bytes(field, offset, length));
                case PreLogin.OPTION_THREADID -> {
                    if (length != 0) {
                        requireLength(token, length, 4);
                        threadId = bytes.u32(field, offset);
                    }
                }
                case PreLogin.OPTION_MARS -> {
                    requireLength(token, length, 1);
                    mars = bytes.u8(field, offset);
                }
                case PreLogin.OPTION_TRACEID -> {
                    requireLength(token, length, 36);
                    traceId = bytes.bytes(field, offset, length);
                }
                case PreLogin.OPTION_FEDAUTHREQUIRED -> {
                    requireLength(token, length, 1);
                    fedAuth = bytes.u8(field, offset);
                }
                case PreLogin.OPTION_NONCE -> {
                    requireLength(token, length, 32);
                    nonce = bytes.bytes(field, offset, length);
                }
                default -> unknown.add(token);
            }
        }
        if (version == null) {
            throw new MalformedTdsException("PRELOGIN has no VERSION option, which must come first");
        }
        return new PreLogin(version, encryption, instance, threadId, mars, traceId, fedAuth, nonce, List.copyOf(unknown));
    }

    /** The entries up to the terminator: {token, offset, length}. */
    private static List<int[]> readOptionTable(MessageBytes bytes) {
        int size = bytes.size();
        List<int[]> entries = new ArrayList<>();
        int at = 0;
        while (true) {
            if (at >= size) {
                throw new MalformedTdsException("PRELOGIN option table has no terminator (0xFF) within "
                        + size + " bytes");
            }
            int token = bytes.u8("option token", at);
            if (token == PreLogin.TERMINATOR) {
                return entries;
            }
            if (at + ENTRY_SIZE > size) {
                throw new MalformedTdsException("PRELOGIN option table entry at byte " + at + " is cut short");
            }
            if (entries.size() == MAX_OPTIONS) {
                throw new MalformedTdsException("PRELOGIN has more than " + MAX_OPTIONS + " options");
            }
            entries.add(new int[] {token, bytes.u16("option offset", at + 1), bytes.u16("option length", at + 3)});
            at += ENTRY_SIZE;
        }
    }

    private static void requireLength(int token, int length, int expected) {
        if (length != expected) {
            throw new MalformedTdsException(String.format("PRELOGIN option 0x%02X has length %d, expected %d",
                    token, length, expected));
        }
    }

    /** INSTOPT: the instance name in ASCII, up to its terminating zero. */
    private static String readInstance(byte[] option) {
        int end = 0;
        while (end < option.length && option[end] != 0) {
            end++;
        }
        return new String(option, 0, end, StandardCharsets.US_ASCII);
    }

    /**
     * Writes a client's PRELOGIN (MS-TDS 2.2.6.5): VERSION 0.0.0.0, ENCRYPTION, INSTOPT (the default instance),
     * THREADID 0, MARS off.
     */
    public static void encodeRequest(ByteBuf out, int encryption) {
        writeOptions(out, List.of(PreLogin.OPTION_VERSION, PreLogin.OPTION_ENCRYPTION, PreLogin.OPTION_INSTOPT,
                PreLogin.OPTION_THREADID, PreLogin.OPTION_MARS), List.of(new byte[6], new byte[] {(byte) encryption},
                new byte[] {0}, new byte[4], new byte[] {0}));
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
        writeOptions(out, tokens, options);
    }

    private static void writeOptions(ByteBuf out, List<Integer> tokens, List<byte[]> options) {
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
