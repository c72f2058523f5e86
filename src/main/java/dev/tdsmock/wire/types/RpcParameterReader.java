package dev.tdsmock.wire.types;

import dev.tdsmock.wire.MalformedTdsException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Decodes the ParameterData of an RPC request (MS-TDS 2.2.6.6). */
public final class RpcParameterReader {
    /** StatusFlags bit fEncrypted: the value is ciphertext followed by cipher metadata, which this server cannot read. */
    private static final int ENCRYPTED_FLAG = 0x08;

    private RpcParameterReader() {
    }

    /** Reads one ParameterData at the buffer's reader index and advances past it: ParamName B_VARCHAR (may be empty),
     *  StatusFlags BYTE, TYPE_INFO, value. On a MalformedTdsException the reader index is left where it was.
     *  Values are decoded as {@link SqlType#coerce(Object)} would produce them (varchar in code page 1252), and the
     *  SqlType given is the closest declaration: INTN of length 4 is int, NVARCHAR of 8000 bytes nvarchar(4000),
     *  TEXT varchar(max), NTEXT nvarchar(max), IMAGE varbinary(max), DATETIM4 datetime, MONEY4 money, XML (2.2.5.5.3)
     *  nvarchar(max) holding its text, a sql_variant (2.2.5.5.4) its base type holding its value. A CLR UDT
     *  (2.2.5.5.2) or a table-valued parameter (2.2.5.5.5, all its rows) is read past and returned with
     *  {@link RpcParameter.Invalid#unsupported()} naming its type, and no value. Any unknown type throws
     *  MalformedTdsException naming the type byte in hex, as does anything that breaks the framing. A value that is framed right but is no valid instance of its type (a date after 9999-12-31,
     *  a NaN, odd-length UTF-16) is read past and returned with {@link RpcParameter#invalid()} saying why. */
    public static RpcParameter read(ByteBuf in) {
        return read(in, true);
    }

    /**
     * The same, for a session of a given TDS version: before TDS 7.1 the character types of TYPE_INFO carry no
     * collation (MS-TDS 2.2.5.6).
     *
     * @param collations whether character types carry a collation (TDS 7.1 and later)
     */
    public static RpcParameter read(ByteBuf in, boolean collations) {
        int start = in.readerIndex();
        CheckedReader reader = new CheckedReader(in);
        String name = "";
        try {
            int nameLength = reader.u8("parameter name length");
            name = reader.text(nameLength * 2, StandardCharsets.UTF_16LE, "parameter name");
            int statusFlags = reader.u8("parameter status flags");
            if ((statusFlags & ENCRYPTED_FLAG) != 0) {
                throw new MalformedTdsException("encrypted parameters are not supported");
            }
            int type = reader.u8("TYPE_INFO type");
            if (ExtendedTypeReader.handles(type)) {
                return ExtendedTypeReader.read(reader, type, name, statusFlags);
            }
            WireType wire = TypeInfoReader.read(reader, type, collations);
            try {
                return new RpcParameter(name, statusFlags, wire.sqlType(), ValueReader.read(reader, wire));
            } catch (InvalidValueException e) {
                return new RpcParameter(name, statusFlags, wire.sqlType(), null,
                        new RpcParameter.Invalid(wire.tdsType(), e.badLength(), e.getMessage()));
            }
        } catch (MalformedTdsException e) {
            in.readerIndex(start);
            throw new MalformedTdsException("RPC parameter" + (name.isEmpty() ? "" : " " + name) + ": " + e.getMessage());
        }
    }
}
