package dev.tdsmock.wire.types;

/** One parameter of an RPC request, decoded. */
public record RpcParameter(String name, int statusFlags, SqlType type, Object value) {
    public boolean isOutput() {
        return (statusFlags & 0x01) != 0;
    }
}
