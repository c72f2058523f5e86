package dev.tdsmock.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** A whole TDS message: the payload of one or more packets up to the one marked end-of-message. */
public final class TdsMessage extends DefaultByteBufHolder {
    private final int type;
    private final boolean resetConnection;

    public TdsMessage(int type, ByteBuf payload) {
        this(type, payload, false);
    }

    public TdsMessage(int type, ByteBuf payload, boolean resetConnection) {
        super(payload);
        this.type = type;
        this.resetConnection = resetConnection;
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
        return new TdsMessage(type, content, resetConnection);
    }

    @Override
    public String toString() {
        return PacketType.name(type) + " message, " + content().readableBytes() + " bytes";
    }
}
