package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;

/** Collations sent with character types. */
public final class Collations {
    /**
     * The 5-byte COLLATION (MS-TDS 2.2.5.1.2) that this server declares for character data: LCID 0x0409, ignore
     * case, kana and width, SortId 0x34 (sort order 52, code page 1252), i.e. SQL_Latin1_General_CP1_CI_AS.
     * Read-only: copy it or use {@link #writeDefault(ByteBuf)}, never hand the array itself out.
     */
    public static final byte[] DEFAULT_COLLATION = {0x09, 0x04, (byte) 0xD0, 0x00, 0x34};

    /** A private copy, so that a caller who writes into the public array cannot change what goes on the wire. */
    private static final byte[] DEFAULT = DEFAULT_COLLATION.clone();

    /** The number of bytes of a COLLATION. */
    static final int LENGTH = 5;

    private Collations() {
    }

    public static void writeDefault(ByteBuf out) {
        out.writeBytes(DEFAULT);
    }
}
