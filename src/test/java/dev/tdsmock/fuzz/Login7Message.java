package dev.tdsmock.fuzz;

import dev.tdsmock.support.Login7Builder;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A LOGIN7 message (MS-TDS 2.2.6.4) with every field settable, written as a client writes it. */
final class Login7Message {
    private static final int FIXED = 94;

    long tdsVersion = 0x74000004L;
    long packetSize = 4096;
    long clientProgramVersion = 0x07000000L;
    long clientPid = 1234;
    long connectionId;
    int flags1 = 0xE0;
    int flags2 = 0x03;
    int typeFlags;
    int flags3;
    int timeZone;
    long lcid = 0x0409;
    String host = "vm";
    String user = "";
    String password = "";
    String app = "";
    String server = "";
    String library = "";
    String language = "";
    String database = "";
    byte[] clientId = {1, 2, 3, 4, 5, 6};
    String attachDbFile = "";
    String changePassword = "";
    final List<int[]> featureIds = new ArrayList<>();
    final List<byte[]> featureData = new ArrayList<>();

    /** From a capture's LOGIN7 line: tds_ver, pkt_size, client_prog_ver, the flags and the names. */
    static Login7Message fromCapture(Map<String, String> fields) {
        Login7Message login = new Login7Message();
        login.tdsVersion = hex(fields.get("tds_ver"), login.tdsVersion);
        login.packetSize = fields.containsKey("pkt_size") ? Long.parseLong(fields.get("pkt_size")) : 4096;
        login.clientProgramVersion = hex(fields.get("client_prog_ver"), 0);
        login.flags1 = (int) hex(fields.get("flags1"), 0xE0);
        login.flags2 = (int) hex(fields.get("flags2"), 0x03);
        login.typeFlags = (int) hex(fields.get("type"), 0);
        login.flags3 = (int) hex(fields.get("flags3"), 0) & ~0x10;
        login.host = text(fields.get("HostName"));
        login.user = text(fields.get("UserName"));
        login.password = "Secret!1";
        login.app = text(fields.get("AppName"));
        login.server = text(fields.get("ServerName"));
        login.library = text(fields.get("CltIntName"));
        login.language = text(fields.get("Language"));
        login.database = text(fields.get("Database"));
        if ("'present'".equals(fields.get("Extension"))) {
            // what drivers of this kind ask for: SESSIONRECOVERY, GLOBALTRANSACTIONS, UTF8_SUPPORT
            login.feature(0x01, new byte[0]).feature(0x05, new byte[0]).feature(0x0A, new byte[] {1});
        }
        return login;
    }

    Login7Message user(String user) {
        this.user = user;
        return this;
    }

    Login7Message password(String password) {
        this.password = password;
        return this;
    }

    Login7Message database(String database) {
        this.database = database;
        return this;
    }

    /** Adds a FeatureExt entry, and sets fExtension. */
    Login7Message feature(int id, byte[] data) {
        featureIds.add(new int[] {id});
        featureData.add(data);
        flags3 |= 0x10;
        return this;
    }

    byte[] encode() {
        ByteBuffer head = ByteBuffer.allocate(FIXED).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        head.position(4);
        head.putInt((int) tdsVersion).putInt((int) packetSize).putInt((int) clientProgramVersion)
                .putInt((int) clientPid).putInt((int) connectionId);
        head.put((byte) flags1).put((byte) flags2).put((byte) typeFlags).put((byte) flags3);
        head.putInt(timeZone).putInt((int) lcid);
        int[] offset = {FIXED};
        Login7Builder.putText(head, data, offset, host);
        Login7Builder.putText(head, data, offset, user);
        Login7Builder.putBytes(head, data, offset, Login7Builder.scramble(password), password.length());
        Login7Builder.putText(head, data, offset, app);
        Login7Builder.putText(head, data, offset, server);
        boolean extension = !featureIds.isEmpty();
        int extensionPointerAt = offset[0];
        Login7Builder.putBytes(head, data, offset, new byte[extension ? 4 : 0], extension ? 4 : 0);
        Login7Builder.putText(head, data, offset, library);
        Login7Builder.putText(head, data, offset, language);
        Login7Builder.putText(head, data, offset, database);
        head.put(clientId);
        Login7Builder.putBytes(head, data, offset, new byte[0], 0); // SSPI
        Login7Builder.putText(head, data, offset, attachDbFile);
        Login7Builder.putText(head, data, offset, changePassword);
        head.putInt(0); // cbSSPILong
        ByteArrayOutputStream features = new ByteArrayOutputStream();
        for (int i = 0; i < featureIds.size(); i++) {
            byte[] bytes = featureData.get(i);
            features.write(featureIds.get(i)[0]);
            features.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
            features.writeBytes(bytes);
        }
        if (extension) {
            features.write(0xFF);
        }
        byte[] variable = data.toByteArray();
        int total = FIXED + variable.length + features.size();
        ByteBuffer message = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(0, total);
        message.put(head.array()).put(variable).put(features.toByteArray());
        if (extension) {
            message.putInt(extensionPointerAt, FIXED + variable.length);
        }
        return message.array();
    }

    private static long hex(String value, long otherwise) {
        return value == null ? otherwise : Long.parseLong(value.replaceFirst("^0x", ""), 16);
    }

    private static String text(String repr) {
        return repr == null ? "" : Seeds.unquote(repr);
    }
}
