package dev.tdsmock.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds a TDS 7.4 LOGIN7 payload the way MS-TDS 2.2.6.4 lays it out, for parser tests. */
public final class Login7Builder {
    private String host = "host";
    private String user = "user";
    private String password = "";
    private String app = "app";
    private String server = "server";
    private String library = "library";
    private String language = "";
    private String database = "";
    private byte[] featureExt;

    public Login7Builder user(String user) {
        this.user = user;
        return this;
    }

    public Login7Builder password(String password) {
        this.password = password;
        return this;
    }

    public Login7Builder database(String database) {
        this.database = database;
        return this;
    }

    /** Raw FeatureExt bytes, terminator included. */
    public Login7Builder featureExt(byte[] featureExt) {
        this.featureExt = featureExt;
        return this;
    }

    public byte[] build() {
        int fixed = 94;
        ByteBuffer head = ByteBuffer.allocate(fixed).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        head.position(4);
        head.putInt(0x74000004).putInt(8000).putInt(0x07000000).putInt(1234).putInt(0);
        head.put((byte) 0xE0).put((byte) 0x03).put((byte) 0).put((byte) (featureExt != null ? 0x10 : 0));
        head.putInt(0).putInt(0x0409);
        int[] offset = {fixed};
        putText(head, data, offset, host);
        putText(head, data, offset, user);
        putBytes(head, data, offset, scramble(password), password.length());
        putText(head, data, offset, app);
        putText(head, data, offset, server);
        int extensionPointerAt = offset[0];
        if (featureExt != null) {
            putBytes(head, data, offset, new byte[4], 4);
        } else {
            head.putShort((short) 0).putShort((short) 0);
        }
        putText(head, data, offset, library);
        putText(head, data, offset, language);
        putText(head, data, offset, database);
        head.put(new byte[] {1, 2, 3, 4, 5, 6});
        head.putShort((short) offset[0]).putShort((short) 0); // SSPI
        head.putShort((short) offset[0]).putShort((short) 0); // AtchDBFile
        head.putShort((short) offset[0]).putShort((short) 0); // ChangePassword
        head.putInt(0); // cbSSPILong
        byte[] variable = data.toByteArray();
        int total = fixed + variable.length + (featureExt != null ? featureExt.length : 0);
        ByteBuffer message = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0, total);
        message.put(head.array()).put(variable);
        if (featureExt != null) {
            message.putInt(extensionPointerAt, fixed + variable.length);
            message.put(featureExt);
        }
        return message.array();
    }

    /** Puts a LOGIN7 offset/length pair in {@code head} and the UTF-16LE text in {@code data} (MS-TDS 2.2.6.4). */
    public static void putText(ByteBuffer head, ByteArrayOutputStream data, int[] offset, String text) {
        putBytes(head, data, offset, text.getBytes(StandardCharsets.UTF_16LE), text.length());
    }

    public static void putBytes(ByteBuffer head, ByteArrayOutputStream data, int[] offset, byte[] bytes,
                                 int lengthField) {
        head.putShort((short) offset[0]).putShort((short) lengthField);
        data.writeBytes(bytes);
        offset[0] += bytes.length;
    }

    /** What a client does to the password: swap each byte's nibbles, then XOR with 0xA5. */
    public static byte[] scramble(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_16LE);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            bytes[i] = (byte) ((((b & 0x0F) << 4) | (b >> 4)) ^ 0xA5);
        }
        return bytes;
    }
}
