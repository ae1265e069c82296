package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Finds where one reply frame ends without building any objects (RESP2, plus RESP3 types so HELLO 3 can come later).
 *
 * <p>Resumable: {@link #scan} remembers how far it got (relative to the reader index) and the element counts still
 * owed at each nesting level, so a large reply arriving in many reads is scanned once, not once per read.
 */
public final class ReplyScanner {

    /** Deeper nesting than this is refused as a protocol error rather than tracked. */
    public static final int MAX_DEPTH = 256;
    /**
     * Levels tracked before the counts grow: replies rarely nest deeper than a few levels, and every upstream
     * connection has a scanner, so a full-depth array would cost 2 KB per idle connection.
     */
    private static final int INITIAL_DEPTH = 8;

    private long[] remaining = new long[INITIAL_DEPTH + 1];
    private int depth;
    private int position;
    private boolean started;

    /**
     * Scans the frame starting at {@code in.readerIndex()}.
     *
     * @return the frame's length in bytes, or -1 if more bytes are needed
     * @throws ProtocolException if the bytes are not RESP
     */
    public int scan(ByteBuf in) {
        int start = in.readerIndex();
        int limit = in.writerIndex();
        if (!started) {
            depth = 0;
            remaining[0] = 1;
            position = 0;
            started = true;
        }
        // Each pass consumes one value header (and its payload) or returns; bounded by the readable bytes.
        while (true) {
            int header = start + position;
            if (header >= limit) {
                return -1;
            }
            int lineEnd = in.indexOf(header + 1, limit, (byte) '\r');
            if (lineEnd < 0 || lineEnd + 1 >= limit) {
                return -1;
            }
            if (in.getByte(lineEnd + 1) != '\n') {
                throw new ProtocolException("expected LF after CR in reply");
            }
            byte type = in.getByte(header);
            int next = lineEnd + 2;
            switch (type) {
                case '+', '-', ':', '_', ',', '#', '(' -> completeValue();
                case '$', '!', '=' -> {
                    long length = number(in, header, lineEnd);
                    if (length >= 0) {
                        long end = (long) next + length + 2;
                        if (end > limit) {
                            return -1;
                        }
                        if (in.getByte((int) end - 2) != '\r' || in.getByte((int) end - 1) != '\n') {
                            throw new ProtocolException("expected CRLF after bulk reply");
                        }
                        next = (int) end;
                    } else if (length != -1) {
                        throw new ProtocolException("invalid bulk length in reply: " + length);
                    }
                    completeValue();
                }
                case '*', '~', '>', '%', '|' -> {
                    long count = number(in, header, lineEnd);
                    if (count < -1) {
                        throw new ProtocolException("invalid aggregate length in reply: " + count);
                    }
                    if (type == '%' || type == '|') {
                        count *= 2;
                    }
                    if (type == '|') {
                        // An attribute precedes the value it annotates and does not count as that value.
                        remaining[depth]++;
                    }
                    if (count <= 0) {
                        completeValue();
                    } else {
                        if (depth == MAX_DEPTH) {
                            throw new ProtocolException("reply nested deeper than " + MAX_DEPTH);
                        }
                        if (depth + 1 == remaining.length) {
                            remaining = Arrays.copyOf(remaining, Math.min(remaining.length * 2, MAX_DEPTH + 1));
                        }
                        remaining[++depth] = count;
                    }
                }
                default -> throw new ProtocolException("unknown reply type byte " + (type & 0xff));
            }
            position = next - start;
            if (depth == 0 && remaining[0] == 0) {
                started = false;
                return position;
            }
        }
    }

    private void completeValue() {
        // Closing one value may close every aggregate it was the last element of.
        remaining[depth]--;
        while (depth > 0 && remaining[depth] == 0) {
            depth--;
            remaining[depth]--;
        }
    }

    private static long number(ByteBuf in, int header, int lineEnd) {
        long value = Ascii.parseLong(in, header + 1, lineEnd - header - 1, Long.MIN_VALUE);
        if (value == Long.MIN_VALUE) {
            throw new ProtocolException("invalid length in reply");
        }
        if (value > Integer.MAX_VALUE) {
            throw new ProtocolException("reply length " + value + " (expected: <= " + Integer.MAX_VALUE + ")");
        }
        return value;
    }

    /**
     * How many bytes at the front of a partly scanned frame are fully scanned, forgetting them: the caller skips
     * that many bytes and scanning resumes where it stopped. Used to drop a reply nobody will take without
     * holding all of it.
     */
    public int discardScanned() {
        int scanned = started ? position : 0;
        position = 0;
        return scanned;
    }

    /** Forgets a partly scanned frame (the connection it belonged to is gone). */
    public void reset() {
        started = false;
    }
}
