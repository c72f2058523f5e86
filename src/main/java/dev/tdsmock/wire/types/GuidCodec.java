package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;
import java.util.UUID;

/** uniqueidentifier on the wire: the first three groups little-endian, the last eight bytes as written. */
final class GuidCodec {
    static final int LENGTH = 16;

    private GuidCodec() {
    }

    static void write(ByteBuf out, UUID value) {
        long high = value.getMostSignificantBits();
        out.writeIntLE((int) (high >>> 32));
        out.writeShortLE((int) (high >>> 16));
        out.writeShortLE((int) high);
        out.writeLong(value.getLeastSignificantBits());
    }

    static UUID read(ByteBuf in) {
        long first = in.readUnsignedIntLE();
        long second = in.readUnsignedShortLE();
        long third = in.readUnsignedShortLE();
        return new UUID(first << 32 | second << 16 | third, in.readLong());
    }
}
