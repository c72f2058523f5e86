package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** A whole TDS message: the payload of one or more packets up to the one marked end-of-message. */
public final class TdsMessage extends DefaultByteBufHolder {
    private final int type;
    private final boolean resetConnection;
    private final boolean endOfMessage;

    public TdsMessage(int type, ByteBuf payload) {
        this(type, payload, false);
    }

    public TdsMessage(int type, ByteBuf payload, boolean resetConnection) {
        this(type, payload, resetConnection, true);
    }

    private TdsMessage(int type, ByteBuf payload, boolean resetConnection, boolean endOfMessage) {
        super(payload);
        this.type = type;
        this.resetConnection = resetConnection;
        this.endOfMessage = endOfMessage;
    }

    /** The start of a message whose end never comes: its last packet goes without the EOM bit (MS-TDS 2.2.3.1.2). */
    public static TdsMessage unfinished(int type, ByteBuf payload) {
        return new TdsMessage(type, payload, false, false);
    }

    /** False for a message that stops short: its last packet has no EOM bit. */
    public boolean endOfMessage() {
        return endOfMessage;
    }

    public int type() {
        return type;
    }

    /** The client asked for the session to be reset before this request (connection pool reuse). */
    public boolean resetConnection() {
        return resetConnection;
    }

    public ByteBuf payload() {
        return content();
    }

    @Override
    public TdsMessage replace(ByteBuf content) {
        return new TdsMessage(type, content, resetConnection, endOfMessage);
    }

    @Override
    public String toString() {
        return PacketType.name(type) + " message, " + content().readableBytes() + " bytes";
    }
}
