package dev.tdsmock.sql;

import dev.tdsmock.wire.types.SqlType;
import java.math.BigDecimal;

/**
 * The type and value of a number constant, after SQL Server ("Constants (Transact-SQL)", "Precision, scale, and
 * length"): an integer is int, or numeric(p,0) with the digits it needs; a constant with a decimal point is
 * numeric(p,s) with the precision and scale it needs; one in scientific notation is float, and so is any constant that
 * needs more than 38 digits. A float beyond the range of float is error 168. One difference, kept as this server
 * has always answered it: an integer beyond int that fits bigint is bigint, where SQL Server says numeric(p,0).
 * The work is linear in the constant's length: at most 38 digits ever reach BigDecimal, and a float is parsed from its
 * first {@link #FLOAT_DIGITS} significant digits.
 */
final class NumberLiterals {
    /** Typed value of a constant. */
    record Typed(SqlType type, Object value) {
    }

    private static final int MAX_PRECISION = 38;
    private static final int LONG_DIGITS = 18;
    /**
     * Significant digits kept for a float, and a sticky digit for any non-zero ones dropped: more than the 767
     * significant digits an exact halfway point between two doubles can need, so rounding is still exact.
     */
    private static final int FLOAT_DIGITS = 800;
    private static final long EXPONENT_LIMIT = 1_000_000;

    private NumberLiterals() {
    }

    /** @param literal a NUMBER token: digits, an optional point and digits, an optional exponent */
    static Typed parse(CharSequence literal, boolean negative) {
        int n = literal.length();
        int point = -1;
        int exponentAt = n;
        for (int i = 0; i < n; i++) {
            char c = literal.charAt(i);
            if (c == '.') {
                point = i;
            } else if (c == 'e' || c == 'E') {
                exponentAt = i;
                break;
            }
        }
        int integerEnd = point >= 0 ? point : exponentAt;
        int fractionStart = point >= 0 ? point + 1 : exponentAt;
        int firstSignificant = 0;
        while (firstSignificant < integerEnd && literal.charAt(firstSignificant) == '0') {
            firstSignificant++;
        }
        int integerDigits = integerEnd - firstSignificant;
        int scale = exponentAt - fractionStart;
        if (exponentAt < n || integerDigits + scale > MAX_PRECISION) {
            return floating(literal, negative, firstSignificant, integerEnd, fractionStart, exponentAt);
        }
        String sign = negative ? "-" : "";
        if (point < 0) {
            return integer(sign + (integerDigits == 0 ? "0" : literal.subSequence(firstSignificant, integerEnd)),
                    integerDigits);
        }
        BigDecimal number = new BigDecimal(sign + (integerDigits == 0 ? "0" : literal.subSequence(firstSignificant,
                integerEnd)) + "." + literal.subSequence(fractionStart, exponentAt));
        int precision = Math.min(MAX_PRECISION, Math.max(number.precision(), scale + 1));
        return new Typed(SqlType.parse("numeric(" + precision + "," + scale + ")"), number);
    }

    private static Typed integer(String digits, int count) {
        if (count <= LONG_DIGITS) {
            long value = Long.parseLong(digits);
            if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
                return new Typed(SqlType.parse("int"), (int) value);
            }
            return new Typed(SqlType.parse("bigint"), value);
        }
        BigDecimal value = new BigDecimal(digits);
        try {
            return new Typed(SqlType.parse("bigint"), value.longValueExact());
        } catch (ArithmeticException beyondBigint) {
            return new Typed(SqlType.parse("numeric(" + count + ",0)"), value);
        }
    }

    private static Typed floating(CharSequence literal, boolean negative, int firstSignificant, int integerEnd,
                                  int fractionStart, int exponentAt) {
        StringBuilder kept = new StringBuilder();
        boolean dropped = false;
        long shift = 0;
        for (int i = firstSignificant; i < exponentAt; i++) {
            if (i >= integerEnd && i < fractionStart) {
                continue;
            }
            char digit = literal.charAt(i);
            boolean fraction = i >= fractionStart;
            if (kept.length() == 0 && digit == '0') {
                if (fraction) {
                    shift--;
                }
                continue;
            }
            if (kept.length() < FLOAT_DIGITS) {
                kept.append(digit);
                if (fraction) {
                    shift--;
                }
            } else {
                dropped |= digit != '0';
                if (!fraction) {
                    shift++;
                }
            }
        }
        double value = 0;
        if (kept.length() > 0) {
            if (dropped) {
                kept.append('1');
                shift--;
            }
            long exponent = Math.max(-EXPONENT_LIMIT, Math.min(EXPONENT_LIMIT, exponent(literal, exponentAt) + shift));
            value = Double.parseDouble(kept + "E" + exponent);
        }
        if (Double.isInfinite(value)) {
            throw new SqlError(ErrorReplies.floatOutOfRange((negative ? "-" : "") + literal));
        }
        return new Typed(SqlType.parse("float"), negative ? -value : value);
    }

    /** The exponent after 'e', held within ±{@link #EXPONENT_LIMIT} (beyond it any value is infinite or zero). */
    private static long exponent(CharSequence literal, int exponentAt) {
        int i = exponentAt + 1;
        if (i > literal.length()) {
            return 0;
        }
        boolean negative = false;
        if (i < literal.length() && (literal.charAt(i) == '+' || literal.charAt(i) == '-')) {
            negative = literal.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < literal.length(); i++) {
            value = Math.min(EXPONENT_LIMIT, value * 10 + (literal.charAt(i) - '0'));
        }
        return negative ? -value : value;
    }
}
