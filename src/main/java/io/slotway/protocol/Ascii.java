package io.slotway.protocol;

import io.netty.buffer.ByteBuf;

/** ASCII helpers that work on buffer ranges without allocating. */
public final class Ascii {

    private static final int MAX_LONG_DIGITS = 19;

    private Ascii() {
    }

    public static byte toUpper(byte b) {
        return b >= 'a' && b <= 'z' ? (byte) (b - 32) : b;
    }

    public static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /**
     * Parses a decimal integer as Redis's string2ll does: optional '-', no '+', no leading zeros, no spaces.
     * Returns {@code fallback} when the range is not such a number or overflows.
     */
    public static long parseLong(ByteBuf buf, int offset, int length, long fallback) {
        if (length <= 0 || length > 20) {
            return fallback;
        }
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (buf.getByte(i) == '-') {
            negative = true;
            i++;
            if (i == end) {
                return fallback;
            }
        }
        if (buf.getByte(i) == '0') {
            return i + 1 == end && !negative ? 0 : fallback;
        }
        if (end - i > MAX_LONG_DIGITS) {
            return fallback;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = buf.getByte(i) - '0';
            if (digit < 0 || digit > 9) {
                return fallback;
            }
            value = value * 10 + digit;
        }
        // Up to 18 digits cannot overflow; a 19-digit number past Long.MAX_VALUE wraps to a negative value (it is
        // below 2^64), so one sign check replaces a division per digit. Long.MIN_VALUE itself is refused too.
        if (value < 0) {
            return fallback;
        }
        return negative ? -value : value;
    }
}
