package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.Recycler;

/**
 * One decoded command: the complete RESP multibulk frame as the client sent it (inline commands are re-framed),
 * plus the offset and length of each argument inside that frame. Arguments are never copied.
 *
 * <p>The request counts its own references ({@link #retain()}, {@link #release()}), each also held on the frame;
 * when the last goes the request object returns to a pool, so decoding a command allocates nothing in the steady
 * state. (The frame's count cannot tell: a slice may share it with the buffer it was cut from.) A released
 * request must not be touched again.
 */
public final class Request implements Args {

    private static final int INITIAL_ARGS = 8;

    private static final Recycler<Request> POOL = new Recycler<>() {
        @Override
        protected Request newObject(Handle<Request> handle) {
            return new Request(handle);
        }
    };

    private final Recycler.Handle<Request> handle;
    private ByteBuf frame;
    private int[] ranges = new int[INITIAL_ARGS * 2];
    private int count;
    private int references;
    /** When its bytes arrived ({@link System#nanoTime}); 0: not recorded. */
    private long arrivedNanos;

    private Request(Recycler.Handle<Request> handle) {
        this.handle = handle;
    }

    /** A pooled request with no frame yet; arguments are added with {@link #addRange} before {@link #seal}. */
    static Request obtain() {
        Request request = POOL.get();
        request.count = 0;
        request.arrivedNanos = 0;
        return request;
    }

    /**
     * Records argument {@link #count()} at {@code offset} (relative to the frame) of {@code length} bytes. The
     * range array grows with what actually arrived: a client's announced count is not trusted for allocation.
     */
    void addRange(int offset, int length) {
        int slot = count * 2;
        if (slot + 1 >= ranges.length) {
            int[] grown = new int[ranges.length * 2];
            System.arraycopy(ranges, 0, grown, 0, slot);
            ranges = grown;
        }
        ranges[slot] = offset;
        ranges[slot + 1] = length;
        count++;
    }

    /** Takes ownership of {@code frame}, which holds every argument added. */
    Request seal(ByteBuf frame) {
        this.frame = frame;
        this.references = 1;
        return this;
    }

    Request arrivedAt(long nanos) {
        this.arrivedNanos = nanos;
        return this;
    }

    /** When the client's bytes of this request arrived ({@link System#nanoTime}); 0: not recorded. */
    public long arrivedNanos() {
        return arrivedNanos;
    }

    /** Gives an unsealed request back (its command never completed). */
    void abandon() {
        count = 0;
        handle.recycle(this);
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

    /** Drops one reference; the last one returns this object to the pool. */
    public boolean release() {
        frame.release();
        if (--references > 0) {
            return false;
        }
        if (references < 0) {
            // A bug, not a condition: recycling twice would hand one request to two commands.
            throw new IllegalStateException("request released more often than retained");
        }
        frame = null;
        count = 0;
        handle.recycle(this);
        return true;
    }

    /** Adds a reference, to be given back with {@link #release()}. */
    public Request retain() {
        frame.retain();
        references++;
        return this;
    }

    @Override
    public String toString() {
        return count == 0 || frame == null ? "Request[]" : "Request[" + argString(0) + ", " + count + " args]";
    }
}
