package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;

/** The 8-byte header in front of every TDS packet (MS-TDS 2.2.3.1). */
public record PacketHeader(int type, int status, int length, int spid, int packetId, int window) {
    public static final int SIZE = 8;
    public static final int STATUS_EOM = 0x01;
    public static final int STATUS_IGNORE = 0x02;
    public static final int STATUS_RESET_CONNECTION = 0x08;
    /** The largest packet size a client may negotiate (LOGIN7 PacketSize upper bound). */
    public static final int MAX_PACKET_SIZE = 32767;

    /** Reads a header without moving the reader index. */
    public static PacketHeader peek(ByteBuf in) {
        int at = in.readerIndex();
        return new PacketHeader(in.getUnsignedByte(at), in.getUnsignedByte(at + 1), in.getUnsignedShort(at + 2),
                in.getUnsignedShort(at + 4), in.getUnsignedByte(at + 6), in.getUnsignedByte(at + 7));
    }

    public boolean endOfMessage() {
        return (status & STATUS_EOM) != 0;
    }

    public int payloadLength() {
        return length - SIZE;
    }

    public static void write(ByteBuf out, int type, int status, int length, int spid, int packetId) {
        out.writeByte(type);
        out.writeByte(status);
        out.writeShort(length);
        out.writeShort(spid);
        out.writeByte(packetId);
        out.writeByte(0);
    }
}
