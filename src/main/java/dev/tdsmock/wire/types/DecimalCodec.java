package dev.tdsmock.wire.types;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Wire forms of decimal/numeric (sign byte + little-endian magnitude) and money (scaled by 10^4). */
final class DecimalCodec {
    static final int MONEY_SCALE = 4;
    /** The longest decimal value: sign byte + 16-byte magnitude. */
    static final int MAX_VALUE_LENGTH = 17;
    private static final int POSITIVE = 1;
    private static final int NEGATIVE = 0;

    private DecimalCodec() {
    }

    /** Magnitude bytes SQL Server uses for a precision: 4 for 1-9, 8 for 10-19, 12 for 20-28, 16 for 29-38. */
    static int magnitudeLength(int precision) {
        return precision <= 9 ? 4 : precision <= 19 ? 8 : precision <= 28 ? 12 : 16;
    }

    /** Length of a non-NULL value of this precision, sign byte included. */
    static int valueLength(int precision) {
        return 1 + magnitudeLength(precision);
    }

    /** Writes the length byte, the sign byte and the magnitude of {@code value} at {@code scale}. */
    static void writeDecimal(ByteBuf out, BigDecimal value, int precision, int scale) {
        BigInteger unscaled = value.setScale(scale, RoundingMode.HALF_UP).unscaledValue();
        BigInteger magnitude = unscaled.abs();
        int length = magnitudeLength(precision);
        if (magnitude.bitLength() > length * 8) {
            throw new IllegalArgumentException(value.toPlainString() + " does not fit a decimal of precision " + precision);
        }
        out.writeByte(1 + length);
        out.writeByte(unscaled.signum() < 0 ? NEGATIVE : POSITIVE);
        byte[] bigEndian = magnitude.toByteArray();
        for (int i = 0; i < length; i++) {
            int index = bigEndian.length - 1 - i;
            out.writeByte(index >= 0 ? bigEndian[index] : 0);
        }
    }

    /** Reads a sign byte and the magnitude that fills the rest of {@code value}. */
    static BigDecimal readDecimal(ByteBuf value, int scale) {
        int sign = value.readUnsignedByte();
        if (sign != POSITIVE && sign != NEGATIVE) {
            throw new InvalidValueException("decimal sign byte is " + sign + ", not 0 or 1");
        }
        byte[] bigEndian = new byte[value.readableBytes()];
        for (int i = bigEndian.length - 1; i >= 0; i--) {
            bigEndian[i] = value.readByte();
        }
        BigInteger magnitude = new BigInteger(1, bigEndian);
        return new BigDecimal(sign == NEGATIVE ? magnitude.negate() : magnitude, scale);
    }

    /** money: the value times 10^4 as a 64-bit integer, sent as its high 32 bits and then its low 32 bits. */
    static void writeMoney(ByteBuf out, BigDecimal value) {
        long scaled = value.setScale(MONEY_SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
        out.writeIntLE((int) (scaled >>> 32));
        out.writeIntLE((int) scaled);
    }

    static BigDecimal readMoney(ByteBuf in) {
        long high = in.readIntLE();
        long low = in.readUnsignedIntLE();
        return BigDecimal.valueOf((high << 32) | low, MONEY_SCALE);
    }

    /** smallmoney: the value times 10^4 as a 32-bit integer. */
    static BigDecimal readSmallMoney(ByteBuf in) {
        return BigDecimal.valueOf(in.readIntLE(), MONEY_SCALE);
    }
}
