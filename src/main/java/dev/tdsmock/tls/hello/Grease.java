package dev.tdsmock.tls.hello;

/** GREASE code points (RFC 8701): 0x0A0A, 0x1A1A, ... 0xFAFA, reserved so that servers learn to ignore unknown values. */
public final class Grease {
    private Grease() {
    }

    public static boolean isGrease(int value) {
        return (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);
    }
}
