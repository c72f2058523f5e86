package dev.tdsmock.wire;

import dev.tdsmock.wire.types.CheckedReader;
import dev.tdsmock.wire.types.RpcParameter;
import dev.tdsmock.wire.types.RpcParameterReader;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads an RPC request message: ALL_HEADERS, then one or more calls separated by batch flags. */
public final class RpcRequestParser {
    private static final int PROC_ID_SWITCH = 0xFFFF;
    private static final int BATCH_SEPARATOR_72 = 0xFF;
    private static final int BATCH_SEPARATOR_OLD = 0x80;
    private static final int NO_EXEC_SEPARATOR = 0xFE;
    private static final int MAX_CALLS = 1000;
    private static final int MAX_PARAMETERS = 2100;

    private RpcRequestParser() {
    }

    /**
     * The calls of an RPC request (MS-TDS 2.2.6.6): ALL_HEADERS (from TDS 7.2), then RPCReqBatch entries separated
     * by a batch flag (0xFF, 0x80 before TDS 7.2, or 0xFE NoExec). At most 1000 calls of 2100 parameters each.
     *
     * @throws MalformedTdsException naming what was being read when the request ends early, a length runs past
     *         it, a type is not one this server reads, or a call is followed by something else than a batch flag
     */
    public static List<RpcRequest> parse(ByteBuf payload, long tdsVersion) {
        AllHeaders.skip(payload, tdsVersion);
        List<RpcRequest> calls = new ArrayList<>();
        while (payload.isReadable()) {
            if (calls.size() == MAX_CALLS) {
                throw new MalformedTdsException("RPC request holds more than " + MAX_CALLS + " calls");
            }
            calls.add(readCall(payload, tdsVersion >= TdsVersion.V7_1_BEFORE_REV1));
            if (payload.isReadable()) {
                int separator = payload.readUnsignedByte();
                if (separator != BATCH_SEPARATOR_72 && separator != BATCH_SEPARATOR_OLD
                        && separator != NO_EXEC_SEPARATOR) {
                    throw new MalformedTdsException(String.format("byte 0x%02X after an RPC call is not a batch flag",
                            separator));
                }
            }
        }
        if (calls.isEmpty()) {
            throw new MalformedTdsException("RPC request holds no call");
        }
        return calls;
    }

    private static RpcRequest readCall(ByteBuf payload, boolean collations) {
        CheckedReader in = new CheckedReader(payload);
        int nameLength = in.u16("RPC procedure name length");
        int procId = 0;
        String procName = null;
        if (nameLength == PROC_ID_SWITCH) {
            procId = in.u16("RPC procedure id");
        } else {
            procName = in.text(nameLength * 2, StandardCharsets.UTF_16LE, "RPC procedure name");
        }
        int flags = in.u16("RPC option flags");
        List<RpcParameter> parameters = new ArrayList<>();
        while (payload.isReadable() && !isSeparator(payload.getUnsignedByte(payload.readerIndex()))) {
            if (parameters.size() == MAX_PARAMETERS) {
                throw new MalformedTdsException("RPC call has more than " + MAX_PARAMETERS + " parameters");
            }
            parameters.add(RpcParameterReader.read(payload, collations));
        }
        return new RpcRequest(procId, procName, flags, List.copyOf(parameters));
    }

    /** A parameter starts with its name length (at most 127), so a byte of 0x80 or more is a separator. */
    private static boolean isSeparator(int b) {
        return b == BATCH_SEPARATOR_72 || b == BATCH_SEPARATOR_OLD || b == NO_EXEC_SEPARATOR;
    }
}
