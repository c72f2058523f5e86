package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes the server's tokens (MS-TDS 2.2.7) in the layout of the negotiated TDS version. */
public final class TokenStream {
    public static final int LOGINACK = 0xAD;
    public static final int ENVCHANGE = 0xE3;
    public static final int INFO = 0xAB;
    public static final int ERROR = 0xAA;
    public static final int DONE = 0xFD;
    public static final int DONEPROC = 0xFE;
    public static final int DONEINPROC = 0xFF;
    public static final int FEATUREEXTACK = 0xAE;
    public static final int RETURNSTATUS = 0x79;
    public static final int RETURNVALUE = 0xAC;
    public static final int SESSIONSTATE = 0xE4;

    public static final int DONE_FINAL = 0x00;
    public static final int DONE_MORE = 0x01;
    public static final int DONE_ERROR = 0x02;
    public static final int DONE_COUNT = 0x10;
    public static final int DONE_ATTN = 0x20;

    public static final int ENV_DATABASE = 1;
    public static final int ENV_LANGUAGE = 2;
    /** Character set, TDS 7.0 only (MS-TDS 2.2.7.9). */
    public static final int ENV_CHARSET = 3;
    public static final int ENV_PACKET_SIZE = 4;
    /** Unicode data sorting local id, TDS 7.0 only (MS-TDS 2.2.7.9). */
    public static final int ENV_UNICODE_LOCALE_ID = 5;
    /** Unicode data sorting comparison flags, TDS 7.0 only (MS-TDS 2.2.7.9). */
    public static final int ENV_UNICODE_COMPARISON_FLAGS = 6;
    public static final int ENV_COLLATION = 7;
    public static final int ENV_RESET_ACK = 18;
    public static final int ENV_ROUTING = 20;
    private static final int ROUTING_PROTOCOL_TCP = 0;

    private final ByteBuf out;
    private final long tdsVersion;

    public TokenStream(ByteBuf out, long tdsVersion) {
        this.out = out;
        this.tdsVersion = tdsVersion;
    }

    public ByteBuf buffer() {
        return out;
    }

    /** The negotiated version, as {@link TdsVersion} names them. */
    public long tdsVersion() {
        return tdsVersion;
    }

    public boolean tds72OrLater() {
        return TdsVersion.atLeast72(tdsVersion);
    }

    public TokenStream loginAck(String programName, int major, int minor, int build) {
        out.writeByte(LOGINACK);
        int lengthAt = reserveLength();
        out.writeByte(1); // interface: SQL_TSQL
        out.writeInt((int) TdsVersion.loginAck(tdsVersion)); // big-endian, unlike LOGIN7's
        bVarchar(programName);
        out.writeByte(major);
        out.writeByte(minor);
        out.writeShort(build);
        return patchLength(lengthAt);
    }

    public TokenStream envChange(int type, String newValue, String oldValue) {
        out.writeByte(ENVCHANGE);
        int lengthAt = reserveLength();
        out.writeByte(type);
        bVarchar(newValue);
        bVarchar(oldValue);
        return patchLength(lengthAt);
    }

    /**
     * ENVCHANGE type 20, routing (MS-TDS 2.2.7.9): the client is to log in again at {@code host}, TCP {@code port}.
     * NewValue is RoutingDataValueLength, Protocol 0 (TCP), ProtocolProperty (the port) and AlternateServer
     * (US_VARCHAR); OldValue is an empty USHORT-length value.
     */
    public TokenStream routing(String host, int port) {
        out.writeByte(ENVCHANGE);
        int lengthAt = reserveLength();
        out.writeByte(ENV_ROUTING);
        int valueAt = reserveLength();
        out.writeByte(ROUTING_PROTOCOL_TCP);
        out.writeShortLE(port);
        usVarchar(host);
        out.setShortLE(valueAt, out.writerIndex() - valueAt - 2);
        out.writeShortLE(0);
        return patchLength(lengthAt);
    }

    public TokenStream envChangeBytes(int type, byte[] newValue, byte[] oldValue) {
        out.writeByte(ENVCHANGE);
        int lengthAt = reserveLength();
        out.writeByte(type);
        out.writeByte(newValue.length);
        out.writeBytes(newValue);
        out.writeByte(oldValue.length);
        out.writeBytes(oldValue);
        return patchLength(lengthAt);
    }

    public TokenStream info(int number, int state, int severity, String message, String serverName) {
        return message(INFO, number, state, severity, message, serverName);
    }

    public TokenStream error(int number, int state, int severity, String message, String serverName) {
        return message(ERROR, number, state, severity, message, serverName);
    }

    private TokenStream message(int token, int number, int state, int severity, String text, String serverName) {
        out.writeByte(token);
        int lengthAt = reserveLength();
        out.writeIntLE(number);
        out.writeByte(state);
        out.writeByte(severity);
        usVarchar(text);
        bVarchar(serverName);
        bVarchar("");
        if (TdsVersion.atLeast72(tdsVersion)) {
            out.writeIntLE(1);
        } else {
            out.writeShortLE(1);
        }
        return patchLength(lengthAt);
    }

    public TokenStream done(int status, int currentCommand, long rowCount) {
        return doneToken(DONE, status, currentCommand, rowCount);
    }

    public TokenStream doneProc(int status, int currentCommand, long rowCount) {
        return doneToken(DONEPROC, status, currentCommand, rowCount);
    }

    public TokenStream doneInProc(int status, int currentCommand, long rowCount) {
        return doneToken(DONEINPROC, status, currentCommand, rowCount);
    }

    private TokenStream doneToken(int token, int status, int currentCommand, long rowCount) {
        out.writeByte(token);
        out.writeShortLE(status);
        out.writeShortLE(currentCommand);
        if (TdsVersion.atLeast72(tdsVersion)) {
            out.writeLongLE(rowCount);
        } else {
            out.writeIntLE((int) rowCount);
        }
        return this;
    }

    public TokenStream returnStatus(int value) {
        out.writeByte(RETURNSTATUS);
        out.writeIntLE(value);
        return this;
    }

    /** RETURNVALUE of an int output parameter, as for the handle of sp_prepare and sp_prepexec. */
    public TokenStream returnValueInt(int ordinal, String name, int value) {
        out.writeByte(RETURNVALUE);
        out.writeShortLE(ordinal);
        bVarchar(name);
        out.writeByte(0x01); // output parameter
        if (TdsVersion.atLeast72(tdsVersion)) {
            out.writeIntLE(0); // user type
        } else {
            out.writeShortLE(0);
        }
        out.writeShortLE(0); // flags
        out.writeByte(0x26); // INTN
        out.writeByte(4);
        out.writeByte(4);
        out.writeIntLE(value);
        return this;
    }

    /** FEATUREEXTACK; each entry is a feature id and the acknowledgement data for it. */
    /**
     * SESSIONSTATE (MS-TDS 2.2.7.21): sequence number {@code seqNo}, the fRecoverable bit, which tells a client
     * whether it may recover the session after a broken connection, and one empty state (StateId 0, no value),
     * since clients refuse a token without any.
     */
    public TokenStream sessionState(int seqNo, boolean recoverable) {
        out.writeByte(SESSIONSTATE);
        out.writeIntLE(7);
        out.writeIntLE(seqNo);
        out.writeByte(recoverable ? 1 : 0);
        out.writeByte(0);
        out.writeByte(0);
        return this;
    }

    public TokenStream featureExtAck(java.util.Map<Integer, byte[]> acknowledged) {
        out.writeByte(FEATUREEXTACK);
        acknowledged.forEach((id, data) -> {
            out.writeByte(id);
            out.writeIntLE(data.length);
            out.writeBytes(data);
        });
        out.writeByte(Login7.FEATURE_TERMINATOR);
        return this;
    }

    /** B_VARCHAR: one length byte counting characters, then UCS-2. */
    public void bVarchar(String text) {
        if (text.length() > 255) {
            text = text.substring(0, 255);
        }
        out.writeByte(text.length());
        out.writeCharSequence(text, StandardCharsets.UTF_16LE);
    }

    /** US_VARCHAR: two length bytes counting characters, then UCS-2. */
    public void usVarchar(String text) {
        if (text.length() > 65535) {
            text = text.substring(0, 65535);
        }
        out.writeShortLE(text.length());
        out.writeCharSequence(text, StandardCharsets.UTF_16LE);
    }

    private int reserveLength() {
        int at = out.writerIndex();
        out.writeShortLE(0);
        return at;
    }

    private TokenStream patchLength(int lengthAt) {
        out.setShortLE(lengthAt, out.writerIndex() - lengthAt - 2);
        return this;
    }
}
