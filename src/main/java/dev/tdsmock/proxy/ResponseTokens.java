package dev.tdsmock.proxy;

import dev.tdsmock.wire.MalformedTdsException;
import dev.tdsmock.wire.TdsVersion;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a server's token stream (MS-TDS 2.2.7): the payload of one whole TABULAR_RESULT message (packet type 0x04) as
 * SQL Server sends it in answer to LOGIN7, SQLBatch or RPC, so that a proxy relaying it can learn what a login answer
 * said and where to cut an answer after some rows.
 *
 * <p>Every read is checked against the payload's writer index: bytes that end mid-token, a length that runs past the
 * end, a token or data type this reader does not know all become a {@link MalformedTdsException} naming the token and
 * its offset (an absolute index into the payload). Work is linear in the payload, with no recursion.
 *
 * <p>Not supported (a {@link MalformedTdsException} saying so): ALTMETADATA (0x88) and ALTROW (0xD3) of COMPUTE BY,
 * DATACLASSIFICATION (0xA3), column encryption (CEK tables, CryptoMetadata), the JSON (0xF4) and VECTOR (0xF5) data
 * types, and rows after a COLMETADATA that says NoMetaData (0xFFFF), whose columns only the client knows.
 */
public final class ResponseTokens {
    private static final int ALTMETADATA = 0x88;
    private static final int ALTROW = 0xD3;
    private static final int COLMETADATA = 0x81;
    private static final int COLINFO = 0xA5;
    private static final int DATACLASSIFICATION = 0xA3;
    private static final int DONE = 0xFD;
    private static final int DONEPROC = 0xFE;
    private static final int DONEINPROC = 0xFF;
    private static final int ENVCHANGE = 0xE3;
    private static final int ERROR = 0xAA;
    private static final int FEATUREEXTACK = 0xAE;
    private static final int FEDAUTHINFO = 0xEE;
    private static final int INFO = 0xAB;
    private static final int LOGINACK = 0xAD;
    private static final int NBCROW = 0xD2;
    private static final int OFFSET = 0x78;
    private static final int ORDER = 0xA9;
    private static final int RETURNSTATUS = 0x79;
    private static final int RETURNVALUE = 0xAC;
    private static final int ROW = 0xD1;
    private static final int SESSIONSTATE = 0xE4;
    private static final int SSPI = 0xED;
    private static final int TABNAME = 0xA4;

    private static final int FEATURE_TERMINATOR = 0xFF;
    private static final int NO_METADATA = 0xFFFF;
    private static final int USHORT_MAX = 0xFFFF;
    private static final int COLLATION_LENGTH = 5;
    private static final int TEXT_TIMESTAMP_LENGTH = 8;
    private static final long PLP_NULL = 0xFFFFFFFFFFFFFFFFL;
    private static final long PLP_UNKNOWN_LENGTH = 0xFFFFFFFFFFFFFFFEL;

    private ResponseTokens() {
    }

    /**
     * Walks every token of {@code payload} from its reader index to its writer index, without consuming it, and tells
     * {@code listener} what it finds.
     *
     * @param tdsVersion the negotiated TDS version, as {@link TdsVersion} names them (0x74000004 for 7.4, 0x730B0003,
     *     0x72090002, 0x71000001 or 0x71000000 for 7.1, 0x70000000 for 7.0; LOGINACK's own 0x07000000 and 0x07010000
     *     are taken too). It decides the width of DONE row counts and ERROR/INFO line numbers (wider from 7.2),
     *     UserType (4 bytes from 7.2, 2 before) and whether character types carry a collation (from 7.1). From a
     *     LOGINACK token on, the version that token carries is used instead.
     * @throws MalformedTdsException for anything it cannot read, including a stream cut short mid-token; the message
     *     names the token and its offset
     * @throws IllegalArgumentException for a {@code tdsVersion} older than 7.0
     */
    public static void walk(ByteBuf payload, long tdsVersion, Listener listener) {
        new Walker(payload, tdsVersion, listener, null).run();
    }

    /**
     * Where an answer cut after {@code rows} rows (ROW or NBCROW tokens, counted across all of its result sets) ends,
     * as an absolute index into {@code payload}, with the rule of the mock's own answers ({@code AnswerWriter.cutAt}):
     * right after the {@code rows}-th row; right after the last row when the answer has fewer; at
     * {@code payload.readerIndex()} when it has no row at all. For {@code rows == 0} the cut is where the rows of the
     * first result set begin: at its first row, or, when that result set is empty, at the DONE token that ends it (so
     * the cut answer keeps that COLMETADATA); at {@code payload.readerIndex()} when there is no result set.
     *
     * <p>Reads only as far as it needs: once the cut is known the tokens after it are not read, so a malformed tail
     * does not throw.
     *
     * @throws MalformedTdsException for what {@link #walk} cannot read before the cut
     * @throws IllegalArgumentException for a negative {@code rows}
     */
    public static int cutAfterRows(ByteBuf payload, long tdsVersion, int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be 0 or more, not " + rows);
        }
        Cut cut = new Cut(rows, payload.readerIndex());
        new Walker(payload, tdsVersion, cut, cut).run();
        return cut.offset();
    }

    /** What {@link #walk} reports, token by token in stream order; every method does nothing unless overridden. */
    public interface Listener {
        /**
         * LOGINACK (MS-TDS 2.2.7.14).
         *
         * @param tdsVersionFromToken TDSVersion as the token carries it (big-endian on the wire), e.g. 0x74000004,
         *     or 0x07000000 and 0x07010000 for 7.0 and 7.1
         */
        default void loginAck(int tdsVersionFromToken, String programName, int major, int minor, int buildHi,
                              int buildLow) {
        }

        /**
         * ENVCHANGE (MS-TDS 2.2.7.9): the raw bytes of NewValue and OldValue, without their length prefixes. Strings
         * (database 1, language 2, packet size 4, ...) are UCS-2 little-endian; routing (20) has as NewValue the
         * routing data, Protocol (1 byte), ProtocolProperty (the port, 2 bytes LE) and AlternateServer (US_VARCHAR).
         * For a type this reader does not know, NewValue is all the bytes after the type and OldValue is empty.
         */
        default void envChange(int type, byte[] newValue, byte[] oldValue) {
        }

        /**
         * ERROR (0xAA, MS-TDS 2.2.7.10, {@code error} true) or INFO (0xAB, 2.2.7.13, {@code error} false).
         *
         * @param severity the token's Class
         */
        default void message(boolean error, int number, int state, int severity, String text, String serverName,
                             String procName, long lineNumber) {
        }

        /**
         * ROW or NBCROW (MS-TDS 2.2.7.19, 2.2.7.17).
         *
         * @param index 0-based, counted across the whole message
         * @param endOffset absolute index into the payload right after the row
         */
        default void row(int index, int endOffset) {
        }

        /**
         * DONE, DONEPROC or DONEINPROC (MS-TDS 2.2.7.6 to 2.2.7.8).
         *
         * @param token 0xFD, 0xFE or 0xFF
         * @param endOffset absolute index into the payload right after the token
         */
        default void done(int token, int status, int currentCommand, long rowCount, int endOffset) {
        }

        /** One acknowledged feature of FEATUREEXTACK (MS-TDS 2.2.7.11) with its FeatureAckData. */
        default void featureExtAck(int featureId, byte[] data) {
        }
    }

    /** Told of each token's type and start before it is read; {@code finished()} once nothing after matters. */
    private interface TokenHook {
        void token(int type, int start);

        boolean finished();
    }

    /** Mirrors {@code AnswerWriter}'s bookkeeping of rowsWritten, cutAt and lastRowEnd. */
    private static final class Cut implements Listener, TokenHook {
        private final int rows;
        private int seen;
        private int cutAt = -1;
        private int lastRowEnd;
        private boolean inResultSet;

        Cut(int rows, int start) {
            this.rows = rows;
            this.lastRowEnd = start;
        }

        @Override
        public void token(int type, int start) {
            if (type == ROW || type == NBCROW || (inResultSet && isDone(type))) {
                if (seen == rows && cutAt < 0) {
                    cutAt = start;
                }
            }
            if (type == COLMETADATA) {
                inResultSet = true;
            } else if (isDone(type)) {
                inResultSet = false;
            }
        }

        @Override
        public void row(int index, int endOffset) {
            seen++;
            lastRowEnd = endOffset;
            if (seen == rows && cutAt < 0) {
                cutAt = endOffset;
            }
        }

        @Override
        public boolean finished() {
            return cutAt >= 0;
        }

        int offset() {
            return cutAt >= 0 ? cutAt : lastRowEnd;
        }

        private static boolean isDone(int type) {
            return type == DONE || type == DONEPROC || type == DONEINPROC;
        }
    }

    /** How a value of a column or RETURNVALUE is framed (MS-TDS 2.2.5.2, 2.2.4.2.1.3). */
    private enum Framing {
        /** Fixed length, no prefix. */
        FIXED,
        /** 1-byte length (0: NULL for the nullable types). */
        BYTELEN,
        /** 2-byte length, 0xFFFF: NULL. */
        USHORTLEN,
        /** Partially length-prefixed: 8-byte total, chunks, a 0 chunk. */
        PLP,
        /** text, ntext, image: text pointer length (0: NULL), pointer, timestamp, 4-byte length, data. */
        TEXTPTR,
        /** sql_variant: 4-byte length (0: NULL). */
        LONGLEN
    }

    /** The shape of one column's values: its data type byte, framing and, for FIXED, length. */
    private record Shape(int type, Framing framing, int length) {
    }

    private static final class Walker {
        private final ByteBuf in;
        private final Listener listener;
        private final TokenHook hook;
        private final int end;
        private long version;
        private int pos;
        private int limit;
        private int tokenType;
        private int tokenStart;
        /** The columns of the last COLMETADATA; null before any, or after NoMetaData. */
        private Shape[] columns;
        private boolean noMetadata;
        private int rowIndex;

        Walker(ByteBuf in, long tdsVersion, Listener listener, TokenHook hook) {
            this.in = in;
            this.listener = listener;
            this.hook = hook;
            this.version = knownVersion(tdsVersion);
            if (version < 0) {
                throw new IllegalArgumentException(String.format("TDS version 0x%08X is older than 7.0", tdsVersion));
            }
            this.pos = in.readerIndex();
            this.end = in.writerIndex();
        }

        void run() {
            while (pos < end) {
                tokenStart = pos;
                limit = end;
                tokenType = in.getUnsignedByte(pos++);
                if (hook != null) {
                    hook.token(tokenType, tokenStart);
                    if (hook.finished()) {
                        return;
                    }
                }
                token();
                if (hook != null && hook.finished()) {
                    return;
                }
            }
        }

        private void token() {
            switch (tokenType) {
                case COLMETADATA -> colMetadata();
                case ROW, NBCROW -> row(tokenType == NBCROW);
                case DONE, DONEPROC, DONEINPROC -> {
                    int status = u16("Status");
                    int command = u16("CurCmd");
                    long count = tds72() ? u64("DoneRowCount") : u32("DoneRowCount");
                    listener.done(tokenType, status, command, count, pos);
                }
                case ENVCHANGE -> bounded(u16("Length"), this::envChange);
                case ERROR, INFO -> bounded(u16("Length"), this::message);
                case LOGINACK -> bounded(u16("Length"), this::loginAck);
                case RETURNVALUE -> returnValue();
                case FEATUREEXTACK -> featureExtAck();
                case ORDER, COLINFO, TABNAME, SSPI -> skip(u16("Length"), "token data");
                case SESSIONSTATE, FEDAUTHINFO -> skip(u32("Length"), "token data");
                case RETURNSTATUS -> skip(4, "Value");
                case OFFSET -> skip(4, "Identifier and OffsetLen");
                case ALTMETADATA, ALTROW, DATACLASSIFICATION -> throw fail("the token is not supported");
                default -> throw new MalformedTdsException(String.format("unknown token type 0x%02X at offset %d",
                        tokenType, tokenStart));
            }
        }

        private void colMetadata() {
            int count = u16("Count");
            noMetadata = count == NO_METADATA;
            if (noMetadata) {
                columns = null;
                return;
            }
            List<Shape> shapes = new ArrayList<>(Math.min(count, 256));
            for (int i = 0; i < count; i++) {
                String column = "column " + (i + 1) + " ";
                skip(tds72() ? 4 : 2, column + "UserType");
                skip(2, column + "Flags");
                Shape shape = typeInfo(column);
                if (shape.framing() == Framing.TEXTPTR) {
                    int parts = tds72() ? u8(column + "TableName NumParts") : 1;
                    for (int p = 0; p < parts; p++) {
                        skip(2L * u16(column + "TableName part length"), column + "TableName part");
                    }
                }
                skip(2L * u8(column + "ColName length"), column + "ColName");
                shapes.add(shape);
            }
            columns = shapes.toArray(new Shape[0]);
        }

        private void row(boolean nullBitmap) {
            if (columns == null) {
                throw fail(noMetadata ? "the columns are unknown: the COLMETADATA before it said NoMetaData (0xFFFF)"
                        : "no COLMETADATA before it in this message");
            }
            int bitmapAt = pos;
            if (nullBitmap) {
                skip((columns.length + 7) / 8, "NullBitmap");
            }
            for (int i = 0; i < columns.length; i++) {
                if (nullBitmap && (in.getUnsignedByte(bitmapAt + i / 8) & (1 << (i % 8))) != 0) {
                    continue;
                }
                value(columns[i], "column " + (i + 1) + " ");
            }
            listener.row(rowIndex++, pos);
        }

        private void returnValue() {
            skip(2, "ParamOrdinal");
            skip(2L * u8("ParamName length"), "ParamName");
            skip(1, "Status");
            skip(tds72() ? 4 : 2, "UserType");
            skip(2, "Flags");
            value(typeInfo(""), "");
        }

        private void featureExtAck() {
            while (true) {
                int feature = u8("FeatureId");
                if (feature == FEATURE_TERMINATOR) {
                    return;
                }
                long length = u32("FeatureAckDataLen");
                listener.featureExtAck(feature, bytes(length, "FeatureAckData"));
            }
        }

        private void loginAck() {
            skip(1, "Interface");
            need(4, "TDSVersion");
            int tokenVersion = in.getInt(pos);
            pos += 4;
            String program = text(u8("ProgName length"), "ProgName");
            int major = u8("MajorVer");
            int minor = u8("MinorVer");
            int buildHi = u8("BuildNumHi");
            int buildLow = u8("BuildNumLow");
            long known = knownVersion(tokenVersion & 0xFFFFFFFFL);
            if (known < 0) {
                throw fail(String.format("TDSVersion 0x%08X is older than 7.0", tokenVersion));
            }
            listener.loginAck(tokenVersion, program, major, minor, buildHi, buildLow);
            version = known;
        }

        private void envChange() {
            int type = u8("Type");
            byte[] newValue;
            byte[] oldValue;
            switch (type) {
                case 1, 2, 3, 4, 5, 6, 13, 19 -> { // B_VARCHAR
                    newValue = bytes(2L * u8("NewValue length"), "NewValue");
                    oldValue = bytes(2L * u8("OldValue length"), "OldValue");
                }
                case 7, 8, 9, 10, 11, 12, 16, 17, 18 -> { // B_VARBYTE
                    newValue = bytes(u8("NewValue length"), "NewValue");
                    oldValue = bytes(u8("OldValue length"), "OldValue");
                }
                case 15 -> { // promote transaction: L_VARBYTE, then B_VARBYTE
                    newValue = bytes(u32("NewValue length"), "NewValue");
                    oldValue = bytes(u8("OldValue length"), "OldValue");
                }
                case 20 -> { // routing: USHORT-length RoutingData, USHORT-length (0) OldValue
                    newValue = bytes(u16("RoutingDataValueLength"), "routing data");
                    oldValue = bytes(u16("OldValue length"), "OldValue");
                }
                default -> {
                    newValue = bytes(limit - pos, "value");
                    oldValue = new byte[0];
                }
            }
            listener.envChange(type, newValue, oldValue);
        }

        private void message() {
            need(4, "Number");
            int number = in.getIntLE(pos);
            pos += 4;
            int state = u8("State");
            int severity = u8("Class");
            String text = text(u16("MsgText length"), "MsgText");
            String server = text(u8("ServerName length"), "ServerName");
            String procedure = text(u8("ProcName length"), "ProcName");
            long line = tds72() ? u32("LineNumber") : u16("LineNumber");
            listener.message(tokenType == ERROR, number, state, severity, text, server, procedure, line);
        }

        /** TYPE_INFO (MS-TDS 2.2.5.6); for text, ntext and image the caller reads COLMETADATA's TableName. */
        private Shape typeInfo(String what) {
            int type = u8(what + "TYPE_INFO type");
            String info = what + String.format("TYPE_INFO of type 0x%02X ", type);
            return switch (type) {
                case 0x1F -> new Shape(type, Framing.FIXED, 0); // NULLTYPE
                case 0x30, 0x32 -> new Shape(type, Framing.FIXED, 1); // INT1, BIT
                case 0x34 -> new Shape(type, Framing.FIXED, 2); // INT2
                case 0x38, 0x3A, 0x3B, 0x7A -> new Shape(type, Framing.FIXED, 4); // INT4, DATETIM4, FLT4, MONEY4
                case 0x3C, 0x3D, 0x3E, 0x7F -> new Shape(type, Framing.FIXED, 8); // MONEY, DATETIME, FLT8, INT8
                // GUID, INTN, BITN, FLTN, MONEYN, DATETIMN, legacy VARBINARY and BINARY: 1-byte maximum length
                case 0x24, 0x26, 0x68, 0x6D, 0x6E, 0x6F, 0x25, 0x2D -> byteLen(type, 1, false, info);
                case 0x27, 0x2F -> byteLen(type, 1, true, info); // legacy VARCHAR, CHAR
                case 0x6A, 0x6C, 0x37, 0x3F -> byteLen(type, 3, false, info); // DECIMALN, NUMERICN: length, P, S
                case 0x28 -> byteLen(type, 0, false, info); // DATEN
                case 0x29, 0x2A, 0x2B -> byteLen(type, 1, false, info); // TIMEN, DATETIME2N, DATETIMEOFFSETN: scale
                case 0xA5, 0xAD -> ushortLen(type, false, info); // BIGVARBIN, BIGBINARY
                case 0xA7, 0xAF, 0xE7, 0xEF -> ushortLen(type, true, info); // BIGVARCHR, BIGCHAR, NVARCHAR, NCHAR
                case 0x23, 0x63, 0x22 -> { // TEXT, NTEXT, IMAGE: LONGLEN maximum length, collation but for image
                    skip(4, info + "maximum length");
                    collation(type != 0x22, info);
                    yield new Shape(type, Framing.TEXTPTR, 0);
                }
                case 0x62 -> { // SSVARIANT
                    skip(4, info + "maximum length");
                    yield new Shape(type, Framing.LONGLEN, 0);
                }
                case 0xF1 -> { // XML
                    int schemaPresent = u8(info + "SchemaPresent");
                    if (schemaPresent == 1) {
                        skip(2L * u8(info + "DbName length"), info + "DbName");
                        skip(2L * u8(info + "OwningSchema length"), info + "OwningSchema");
                        skip(2L * u16(info + "XmlSchemaCollection length"), info + "XmlSchemaCollection");
                    } else if (schemaPresent != 0) {
                        throw fail(info + "SchemaPresent is " + schemaPresent + ", not 0 or 1");
                    }
                    yield new Shape(type, Framing.PLP, 0);
                }
                case 0xF0 -> { // UDT
                    int maxByteSize = u16(info + "MaxByteSize");
                    skip(2L * u8(info + "DbName length"), info + "DbName");
                    skip(2L * u8(info + "SchemaName length"), info + "SchemaName");
                    skip(2L * u8(info + "TypeName length"), info + "TypeName");
                    skip(2L * u16(info + "AssemblyQualifiedName length"), info + "AssemblyQualifiedName");
                    yield new Shape(type, maxByteSize == USHORT_MAX ? Framing.PLP : Framing.USHORTLEN, 0);
                }
                default -> throw fail(what + String.format("data type 0x%02X is not supported", type));
            };
        }

        private Shape byteLen(int type, int infoBytes, boolean collation, String info) {
            skip(infoBytes, info + "length");
            collation(collation, info);
            return new Shape(type, Framing.BYTELEN, 0);
        }

        private Shape ushortLen(int type, boolean collation, String info) {
            int maxLength = u16(info + "maximum length");
            collation(collation, info);
            return new Shape(type, maxLength == USHORT_MAX ? Framing.PLP : Framing.USHORTLEN, 0);
        }

        private void collation(boolean present, String info) {
            if (present && version >= TdsVersion.V7_1_BEFORE_REV1) {
                skip(COLLATION_LENGTH, info + "collation");
            }
        }

        private void value(Shape shape, String what) {
            String value = what + String.format("value of type 0x%02X ", shape.type());
            switch (shape.framing()) {
                case FIXED -> skip(shape.length(), value);
                case BYTELEN -> skip(u8(value + "length"), value);
                case USHORTLEN -> {
                    int length = u16(value + "length");
                    if (length != USHORT_MAX) {
                        skip(length, value);
                    }
                }
                case PLP -> plp(value);
                case TEXTPTR -> {
                    int pointer = u8(value + "TextPtr length");
                    if (pointer != 0) {
                        skip(pointer + TEXT_TIMESTAMP_LENGTH, value + "TextPtr and Timestamp");
                        skip(i32(value + "length"), value);
                    }
                }
                case LONGLEN -> skip(i32(value + "length"), value);
            }
        }

        /** PLP_BODY (MS-TDS 2.2.5.2.3): the chunks must add up to a known total length. */
        private void plp(String value) {
            long total = u64(value + "PLP length");
            if (total == PLP_NULL) {
                return;
            }
            boolean known = total != PLP_UNKNOWN_LENGTH;
            if (known && (total < 0 || total > limit - pos)) {
                throw fail(value + "PLP length " + Long.toUnsignedString(total) + " exceeds the " + (limit - pos)
                        + " bytes that remain");
            }
            long read = 0;
            while (true) {
                long chunk = u32(value + "PLP chunk length");
                if (chunk == 0) {
                    break;
                }
                skip(chunk, value + "PLP chunk");
                read += chunk;
            }
            if (known && read != total) {
                throw fail(value + "PLP chunks hold " + read + " bytes, its length said " + total);
            }
        }

        /** Reads a token whose length prefix was {@code length}, bounded by it; what it leaves unread is skipped. */
        private void bounded(long length, Runnable body) {
            need(length, "token data");
            int tokenEnd = pos + (int) length;
            limit = tokenEnd;
            body.run();
            pos = tokenEnd;
            limit = end;
        }

        private boolean tds72() {
            return TdsVersion.atLeast72(version);
        }

        private void need(long length, String what) {
            if (length < 0) {
                throw fail("the " + what.strip() + " length " + length + " is negative");
            }
            if (length > limit - pos) {
                String room = limit < end ? " of the token's length" : "";
                throw fail("the " + what.strip() + " needs " + length + " bytes but only " + (limit - pos) + room
                        + " remain");
            }
        }

        private void skip(long length, String what) {
            need(length, what);
            pos += (int) length;
        }

        private int u8(String what) {
            need(1, what);
            return in.getUnsignedByte(pos++);
        }

        private int u16(String what) {
            need(2, what);
            int value = in.getUnsignedShortLE(pos);
            pos += 2;
            return value;
        }

        private long u32(String what) {
            need(4, what);
            long value = in.getUnsignedIntLE(pos);
            pos += 4;
            return value;
        }

        /** A LONGLEN: signed, so a negative one fails as a length. */
        private int i32(String what) {
            need(4, what);
            int value = in.getIntLE(pos);
            pos += 4;
            return value;
        }

        private long u64(String what) {
            need(8, what);
            long value = in.getLongLE(pos);
            pos += 8;
            return value;
        }

        private byte[] bytes(long length, String what) {
            need(length, what);
            byte[] bytes = new byte[(int) length];
            in.getBytes(pos, bytes);
            pos += (int) length;
            return bytes;
        }

        /** UCS-2 little-endian text of {@code chars} characters. */
        private String text(int chars, String what) {
            need(2L * chars, what);
            String text = in.toString(pos, 2 * chars, StandardCharsets.UTF_16LE);
            pos += 2 * chars;
            return text;
        }

        private MalformedTdsException fail(String detail) {
            return new MalformedTdsException(String.format("%s token (0x%02X) at offset %d: %s", name(tokenType),
                    tokenType, tokenStart, detail));
        }
    }

    /** A version as TdsVersion names it, from either form; -1 for one older than 7.0. */
    private static long knownVersion(long version) {
        if (version == 0x07000000L) {
            return TdsVersion.V7_0;
        }
        if (version == 0x07010000L) {
            return TdsVersion.V7_1_BEFORE_REV1;
        }
        if (version == TdsVersion.V8_0_LOGIN) {
            return TdsVersion.V7_4;
        }
        return version < TdsVersion.V7_0 ? -1 : version;
    }

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(ALTMETADATA, "ALTMETADATA"),
            Map.entry(ALTROW, "ALTROW"), Map.entry(COLMETADATA, "COLMETADATA"), Map.entry(COLINFO, "COLINFO"),
            Map.entry(DATACLASSIFICATION, "DATACLASSIFICATION"), Map.entry(DONE, "DONE"),
            Map.entry(DONEPROC, "DONEPROC"), Map.entry(DONEINPROC, "DONEINPROC"), Map.entry(ENVCHANGE, "ENVCHANGE"),
            Map.entry(ERROR, "ERROR"), Map.entry(FEATUREEXTACK, "FEATUREEXTACK"), Map.entry(FEDAUTHINFO, "FEDAUTHINFO"),
            Map.entry(INFO, "INFO"), Map.entry(LOGINACK, "LOGINACK"), Map.entry(NBCROW, "NBCROW"),
            Map.entry(OFFSET, "OFFSET"), Map.entry(ORDER, "ORDER"), Map.entry(RETURNSTATUS, "RETURNSTATUS"),
            Map.entry(RETURNVALUE, "RETURNVALUE"), Map.entry(ROW, "ROW"), Map.entry(SESSIONSTATE, "SESSIONSTATE"),
            Map.entry(SSPI, "SSPI"), Map.entry(TABNAME, "TABNAME"));

    private static String name(int token) {
        return NAMES.getOrDefault(token, "unknown");
    }
}
