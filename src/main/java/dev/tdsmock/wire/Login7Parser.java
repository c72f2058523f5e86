package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Decodes LOGIN7. Every offset and length is checked against the message before it is used. */
public final class Login7Parser {
    private static final int FIXED_PART = 36;
    private static final int OFFSETS_TDS71 = 86;
    private static final int OFFSETS_TDS72 = 94;
    private static final int MAX_FEATURES = 64;

    private final ByteBuf message;
    private final int base;
    private final int size;

    private Login7Parser(ByteBuf message) {
        this.message = message;
        this.base = message.readerIndex();
        this.size = message.readableBytes();
    }

    public static Login7 parse(ByteBuf message) {
        return new Login7Parser(message).parse();
    }

    private Login7 parse() {
        if (size < OFFSETS_TDS71) {
            throw new MalformedTdsException("LOGIN7 is " + size + " bytes, shorter than its fixed part ("
                    + OFFSETS_TDS71 + ")");
        }
        long declaredLength = message.getUnsignedIntLE(base);
        if (declaredLength != size) {
            throw new MalformedTdsException("LOGIN7 says it is " + declaredLength + " bytes long but the message has "
                    + size);
        }
        int optionFlags3 = u8(27);
        boolean hasTds72Fields = size >= OFFSETS_TDS72 && u16(36) >= OFFSETS_TDS72;
        int ibExtension = u16(56);
        int cbExtension = u16(58);
        return new Login7(
                message.getUnsignedIntLE(base + 4),
                message.getUnsignedIntLE(base + 8),
                message.getUnsignedIntLE(base + 12),
                message.getUnsignedIntLE(base + 16),
                message.getUnsignedIntLE(base + 20),
                u8(24), u8(25), u8(26), optionFlags3,
                message.getIntLE(base + 28),
                message.getUnsignedIntLE(base + 32),
                text("HostName", 36),
                text("UserName", 40),
                password(),
                text("AppName", 48),
                text("ServerName", 52),
                text("CltIntName", 60),
                text("Language", 64),
                text("Database", 68),
                HexFormat.of().formatHex(bytes("ClientID", 72, 6)),
                u16(80),
                text("AtchDBFile", 82),
                hasTds72Fields ? text("ChangePassword", 86) : "",
                (optionFlags3 & Login7.FLAG3_EXTENSION) != 0 && cbExtension >= 4
                        ? features(ibExtension) : List.of());
    }

    private int u8(int at) {
        return message.getUnsignedByte(base + at);
    }

    private int u16(int at) {
        return message.getUnsignedShortLE(base + at);
    }

    private String text(String field, int offsetLengthAt) {
        int offset = u16(offsetLengthAt);
        int chars = u16(offsetLengthAt + 2);
        checkRange(field, offset, chars * 2L);
        return message.toString(base + offset, chars * 2, StandardCharsets.UTF_16LE);
    }

    private byte[] bytes(String field, int offset, int length) {
        checkRange(field, offset, length);
        byte[] copy = new byte[length];
        message.getBytes(base + offset, copy);
        return copy;
    }

    /** The client swaps the nibbles of each byte and XORs it with 0xA5; undo both. */
    private String password() {
        byte[] scrambled = bytes("Password", u16(44), u16(46) * 2);
        for (int i = 0; i < scrambled.length; i++) {
            int b = (scrambled[i] ^ 0xA5) & 0xFF;
            scrambled[i] = (byte) (((b & 0x0F) << 4) | (b >> 4));
        }
        return new String(scrambled, StandardCharsets.UTF_16LE);
    }

    private List<Login7.FeatureRequest> features(int ibExtension) {
        checkRange("Extension", ibExtension, 4);
        long at = message.getUnsignedIntLE(base + ibExtension);
        List<Login7.FeatureRequest> features = new ArrayList<>();
        while (true) {
            checkRange("FeatureExt", at, 1);
            int id = u8((int) at);
            if (id == Login7.FEATURE_TERMINATOR) {
                return List.copyOf(features);
            }
            if (features.size() == MAX_FEATURES) {
                throw new MalformedTdsException("LOGIN7 lists more than " + MAX_FEATURES + " features");
            }
            checkRange("FeatureExt", at + 1, 4);
            long length = message.getUnsignedIntLE(base + (int) at + 1);
            checkRange(String.format("FeatureExt 0x%02X", id), at + 5, length);
            features.add(new Login7.FeatureRequest(id, bytes("FeatureExt", (int) at + 5, (int) length)));
            at += 5 + length;
        }
    }

    private void checkRange(String field, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new MalformedTdsException("LOGIN7 field " + field + " at offset " + offset + " with " + length
                    + " bytes runs past the end of the message (" + size + " bytes)");
        }
    }
}
