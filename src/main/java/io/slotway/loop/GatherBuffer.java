package io.slotway.loop;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Small writes to one channel gathered into one buffer between flushes. Written one by one, every message costs an
 * outbound entry, an I/O vector slot, a flush mark and a release, more than copying its few dozen bytes: a subscriber
 * of a busy channel gets a hundred messages per loop iteration, and a node's connection a request from every client
 * that pipelines. Redis copies replies into each client's buffer the same way. Used only from the channel's loop.
 */
public final class GatherBuffer {

    /** Larger buffers are written as they are: copying them would cost more than it saves. */
    public static final int MAX_COPIED_BYTES = 1024;
    /** Past this the gathered bytes go to the channel and a new buffer begins. */
    public static final int MAX_GATHERED_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 4096;

    private ByteBuf gathered;

    /** Whether {@code bytes} is small enough to be gathered. */
    public static boolean gathers(ByteBuf bytes) {
        return bytes.readableBytes() <= MAX_COPIED_BYTES;
    }

    /**
     * Copies the readable bytes of {@code bytes} after what is gathered (the caller keeps its reference); a full
     * buffer goes to {@code channel} first.
     */
    public void copy(Channel channel, ByteBuf bytes) {
        ByteBuf full = null;
        if (gathered != null && gathered.readableBytes() + bytes.readableBytes() > MAX_GATHERED_BYTES) {
            full = gathered;
            gathered = null;
        }
        if (gathered == null) {
            gathered = channel.alloc().directBuffer(INITIAL_BYTES, MAX_GATHERED_BYTES);
        }
        gathered.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
        if (full != null) {
            // Only once the bytes are copied: a write to a dead channel fails at once, and what that failure
            // releases may include them.
            channel.write(full, channel.voidPromise());
        }
    }

    /** Writes what is gathered to {@code channel} (not flushed), ahead of anything written after it. */
    public void writeTo(Channel channel) {
        if (gathered != null) {
            ByteBuf out = gathered;
            gathered = null;
            channel.write(out, channel.voidPromise());
        }
    }

    /** Bytes gathered and not yet handed to the channel. */
    public int bytes() {
        return gathered == null ? 0 : gathered.readableBytes();
    }

    /** The channel is gone: what is gathered is let go. */
    public void release() {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }
}
