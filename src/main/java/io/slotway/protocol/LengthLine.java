package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Reads a RESP count or length line ({@code *3\r\n}, {@code $5\r\n}) in one pass over its bytes, where finding its
 * CR and then parsing its digits took two. Only the canonical form every client sends (1 to 18 digits, no sign, no
 * leading zero, CRLF); anything else is left to the full parse, which says what is wrong. One per decoder.
 */
final class LengthLine implements ByteProcessor {

    private static final int MAX_DIGITS = 18;

    private long value;
    private int digits;
    private int crIndex;

    /**
     * The number whose digits start at {@code from}, the line ending before {@code limit}; -1 when the line is not
     * in the canonical form or not all there. On success {@link #crIndex()} is where its CR is.
     */
    long read(ByteBuf in, int from, int limit) {
        value = 0;
        digits = 0;
        int span = Math.min(limit - from, MAX_DIGITS + 1);
        if (span <= 0) {
            return -1;
        }
        int stop = in.forEachByte(from, span, this);
        if (stop < 0 || digits == 0 || stop + 1 >= limit || in.getByte(stop) != '\r'
                || in.getByte(stop + 1) != '\n' || digits > 1 && in.getByte(from) == '0') {
            return -1;
        }
        crIndex = stop;
        return value;
    }

    int crIndex() {
        return crIndex;
    }

    @Override
    public boolean process(byte b) {
        int digit = b - '0';
        if (digit < 0 || digit > 9) {
            return false;
        }
        value = value * 10 + digit;
        digits++;
        return true;
    }
}
