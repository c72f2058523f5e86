package dev.tdsmock.wire.types;

/**
 * A TYPE_INFO as read from a request: the TDS type byte, the closest {@link SqlType}, and the length it declared
 * (the fixed size of fixed-length types, the BYTELEN of nullable types, the USHORT maximum of character and
 * binary types, 0xFFFF for PLP types).
 */
record WireType(int tdsType, SqlType sqlType, int maxLength) {
    boolean isPlp() {
        return maxLength == TdsType.USHORT_MAX_LENGTH && sqlType.isMax();
    }
}
