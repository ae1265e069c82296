package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * A subscriber's small messages gathered into one buffer between flushes. A channel with many subscribers sends each
 * of them a burst of messages per loop iteration; written one by one, every message costs an outbound entry, an I/O
 * vector slot, a flush mark and a release, more than copying its few dozen bytes, which is what Redis does too.
 * Used only from the client's event loop.
 */
final class PushBuffer {

    /** Larger messages are written as they are: copying them would cost more than it saves. */
    static final int MAX_COPIED_BYTES = 1024;
    /** Past this the gathered bytes go to the channel and a new buffer begins. */
    static final int MAX_GATHERED_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 4096;

    private ByteBuf gathered;

    /** Whether {@code message} is small enough to be gathered. */
    static boolean gathers(ByteBuf message) {
        return message.readableBytes() <= MAX_COPIED_BYTES;
    }

    /** Copies {@code message} after what is gathered, and releases it; a full buffer goes to {@code channel} first. */
    void add(Channel channel, ByteBuf message) {
        try {
            if (gathered != null && gathered.readableBytes() + message.readableBytes() > MAX_GATHERED_BYTES) {
                writeTo(channel);
            }
            if (gathered == null) {
                gathered = channel.alloc().directBuffer(INITIAL_BYTES, MAX_GATHERED_BYTES);
            }
            gathered.writeBytes(message);
        } finally {
            message.release();
        }
    }

    /** Writes what is gathered to {@code channel} (not flushed), ahead of anything written after it. */
    void writeTo(Channel channel) {
        if (gathered != null) {
            ByteBuf out = gathered;
            gathered = null;
            channel.write(out, channel.voidPromise());
        }
    }

    /** Bytes gathered and not yet handed to the channel. */
    int bytes() {
        return gathered == null ? 0 : gathered.readableBytes();
    }

    /** The client is gone: what is gathered is let go. */
    void release() {
        if (gathered != null) {
            gathered.release();
            gathered = null;
        }
    }
}
