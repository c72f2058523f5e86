package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Decodes LOGIN7 (MS-TDS 2.2.6.4). Every offset and length is checked against the message before it is used. */
public final class Login7Parser {
    private static final int FIXED_PART = 36;
    private static final int OFFSETS_TDS71 = 86;
    private static final int OFFSETS_TDS72 = 94;
    private static final int MAX_FEATURES = 64;

    private final MessageBytes message;
    private final int size;

    private Login7Parser(ByteBuf message) {
        this.message = new MessageBytes("LOGIN7", message);
        this.size = this.message.size();
    }

    /**
     * Decodes a LOGIN7 payload (MS-TDS 2.2.6.4): the fixed part, the OffsetLength fields and what they point at,
     * and the FeatureExt list when OptionFlags3 has fExtension.
     *
     * @throws MalformedTdsException naming the field, its offset and length, for a message shorter than its fixed
     *         part, a Length that is not the message's, or any field that runs past the end of the message
     */
    public static Login7 parse(ByteBuf message) {
        return new Login7Parser(message).parse();
    }

    private Login7 parse() {
        if (size < OFFSETS_TDS71) {
            throw new MalformedTdsException("LOGIN7 is " + size + " bytes, shorter than its fixed part ("
                    + OFFSETS_TDS71 + ")");
        }
        long declaredLength = message.u32le("Length", 0);
        if (declaredLength != size) {
            throw new MalformedTdsException("LOGIN7 says it is " + declaredLength + " bytes long but the message has "
                    + size);
        }
        int optionFlags3 = u8(27);
        boolean hasTds72Fields = size >= OFFSETS_TDS72 && u16(36) >= OFFSETS_TDS72;
        int ibExtension = u16(56);
        int cbExtension = u16(58);
        return new Login7(
                message.u32le("TDSVersion", 4),
                message.u32le("PacketSize", 8),
                message.u32le("ClientProgVer", 12),
                message.u32le("ClientPID", 16),
                message.u32le("ConnectionID", 20),
                u8(24), u8(25), u8(26), optionFlags3,
                message.i32le("ClientTimeZone", 28),
                message.u32le("ClientLCID", 32),
                text("HostName", 36),
                text("UserName", 40),
                password(),
                text("AppName", 48),
                text("ServerName", 52),
                text("CltIntName", 60),
                text("Language", 64),
                text("Database", 68),
                HexFormat.of().formatHex(message.bytes("ClientID", 72, 6)),
                u16(80),
                text("AtchDBFile", 82),
                hasTds72Fields ? text("ChangePassword", 86) : "",
                (optionFlags3 & Login7.FLAG3_EXTENSION) != 0 && cbExtension >= 4
                        ? features(ibExtension) : List.of());
    }

    private int u8(int at) {
        return message.u8("fixed part", at);
    }

    private int u16(int at) {
        return message.u16le("fixed part", at);
    }

    private String text(String field, int offsetLengthAt) {
        int offset = u16(offsetLengthAt);
        int chars = u16(offsetLengthAt + 2);
        return message.text(field, offset, chars * 2L, StandardCharsets.UTF_16LE);
    }

    /** The client swaps the nibbles of each byte and XORs it with 0xA5; undo both. */
    private String password() {
        byte[] scrambled = message.bytes("Password", u16(44), u16(46) * 2L);
        for (int i = 0; i < scrambled.length; i++) {
            int b = (scrambled[i] ^ 0xA5) & 0xFF;
            scrambled[i] = (byte) (((b & 0x0F) << 4) | (b >> 4));
        }
        return new String(scrambled, StandardCharsets.UTF_16LE);
    }

    /** FeatureExt (MS-TDS 2.2.6.4): FeatureId BYTE, FeatureDataLen DWORD, data; up to the terminator 0xFF. */
    private List<Login7.FeatureRequest> features(int ibExtension) {
        long at = message.u32le("Extension", ibExtension);
        List<Login7.FeatureRequest> features = new ArrayList<>();
        while (true) {
            int id = message.u8("FeatureExt", at);
            if (id == Login7.FEATURE_TERMINATOR) {
                return List.copyOf(features);
            }
            if (features.size() == MAX_FEATURES) {
                throw new MalformedTdsException("LOGIN7 lists more than " + MAX_FEATURES + " features");
            }
            long length = message.u32le("FeatureExt", at + 1);
            features.add(new Login7.FeatureRequest(id, message.bytes(String.format("FeatureExt 0x%02X", id), at + 5,
                    length)));
            at += 5 + length;
        }
    }
}
