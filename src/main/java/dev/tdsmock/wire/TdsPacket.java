package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * One TDS packet from a client (MS-TDS 2.2.3.1): its 8-byte header, read, and its payload, the bytes after the
 * header (0 to 32759 of them; the content of this holder).
 */
public final class TdsPacket extends DefaultByteBufHolder {
    private final PacketHeader header;

    public TdsPacket(PacketHeader header, ByteBuf payload) {
        super(payload);
        this.header = header;
    }

    public PacketHeader header() {
        return header;
    }

    public int type() {
        return header.type();
    }

    /** Status bit 0x01: the last packet of its message. */
    public boolean endOfMessage() {
        return header.endOfMessage();
    }

    /** Status bit 0x08 (RESETCONNECTION, TDS 7.1 and later). */
    public boolean resetConnection() {
        return (header.status() & PacketHeader.STATUS_RESET_CONNECTION) != 0;
    }

    @Override
    public TdsPacket replace(ByteBuf content) {
        return new TdsPacket(header, content);
    }

    @Override
    public String toString() {
        return PacketType.name(header.type()) + " packet, " + content().readableBytes() + " bytes of payload"
                + (endOfMessage() ? ", end of message" : "");
    }
}
