package dev.tdsmock.wire;

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

    public static List<RpcRequest> parse(ByteBuf payload, long tdsVersion) {
        AllHeaders.skip(payload, tdsVersion);
        List<RpcRequest> calls = new ArrayList<>();
        while (payload.isReadable()) {
            if (calls.size() == MAX_CALLS) {
                throw new MalformedTdsException("RPC request holds more than " + MAX_CALLS + " calls");
            }
            calls.add(readCall(payload));
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

    private static RpcRequest readCall(ByteBuf payload) {
        need(payload, 2, "procedure name length");
        int nameLength = payload.readUnsignedShortLE();
        int procId = 0;
        String procName = null;
        if (nameLength == PROC_ID_SWITCH) {
            need(payload, 2, "procedure id");
            procId = payload.readUnsignedShortLE();
        } else {
            need(payload, nameLength * 2, "procedure name");
            procName = payload.readCharSequence(nameLength * 2, StandardCharsets.UTF_16LE).toString();
        }
        need(payload, 2, "option flags");
        int flags = payload.readUnsignedShortLE();
        List<RpcParameter> parameters = new ArrayList<>();
        while (payload.isReadable() && !isSeparator(payload.getUnsignedByte(payload.readerIndex()))) {
            if (parameters.size() == MAX_PARAMETERS) {
                throw new MalformedTdsException("RPC call has more than " + MAX_PARAMETERS + " parameters");
            }
            parameters.add(RpcParameterReader.read(payload));
        }
        return new RpcRequest(procId, procName, flags, List.copyOf(parameters));
    }

    /** A parameter starts with its name length (at most 127), so a byte of 0x80 or more is a separator. */
    private static boolean isSeparator(int b) {
        return b == BATCH_SEPARATOR_72 || b == BATCH_SEPARATOR_OLD || b == NO_EXEC_SEPARATOR;
    }

    private static void need(ByteBuf payload, int bytes, String what) {
        if (payload.readableBytes() < bytes) {
            throw new MalformedTdsException("RPC request ends inside the " + what);
        }
    }
}
