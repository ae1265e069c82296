package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One decoded command: the complete RESP multibulk frame as the client sent it (inline commands are re-framed),
 * plus the offset and length of each argument inside that frame. Arguments are never copied.
 * The request owns one reference to {@link #frame()}; {@link #release()} gives it back.
 */
public final class Request implements Args {

    private final ByteBuf frame;
    private final int[] ranges;
    private final int count;

    /** Takes ownership of {@code frame}; {@code ranges} holds offset,length pairs relative to the frame. */
    Request(ByteBuf frame, int[] ranges, int count) {
        this.frame = frame;
        this.ranges = ranges;
        this.count = count;
    }

    /** The bytes to forward upstream, readable from index 0. */
    public ByteBuf frame() {
        return frame;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public ByteBuf buffer() {
        return frame;
    }

    @Override
    public int offset(int index) {
        return ranges[index * 2];
    }

    @Override
    public int length(int index) {
        return ranges[index * 2 + 1];
    }

    /** The argument as a slice sharing the frame's reference count (retain it to keep it beyond the request). */
    public ByteBuf arg(int index) {
        return frame.slice(offset(index), length(index));
    }

    public String argString(int index) {
        return frame.toString(offset(index), length(index), java.nio.charset.StandardCharsets.UTF_8);
    }

    public boolean release() {
        return frame.release();
    }

    public ReferenceCounted retain() {
        return frame.retain();
    }

    @Override
    public String toString() {
        return count == 0 ? "Request[]" : "Request[" + argString(0) + ", " + count + " args]";
    }
}
