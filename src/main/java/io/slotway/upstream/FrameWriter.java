package io.slotway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.slotway.loop.FlushBatcher;
import io.slotway.loop.GatherBuffer;

/**
 * A node connection's outgoing commands: small frames copied into one buffer, larger ones written as duplicates,
 * all flushed once at the end of the loop iteration, so every client's commands of an iteration leave in one write.
 * Used only from the connection's event loop.
 */
final class FrameWriter implements FlushBatcher.Flushable {

    private final Channel channel;
    private final FlushBatcher flusher;
    private final GatherBuffer gathered = new GatherBuffer();
    private boolean flushDue;

    FrameWriter(Channel channel, FlushBatcher flusher) {
        this.channel = channel;
        this.flusher = flusher;
    }

    /** Writes {@code frame}, which stays intact for its owner (a retry sends it again; logs read it). */
    void write(ByteBuf frame) {
        if (GatherBuffer.gathers(frame)) {
            gathered.copy(channel, frame);
        } else {
            // The duplicate first: handing over what was gathered may fail at once on a dead channel, and what that
            // failure releases may include this frame. The channel owns the duplicate's reference.
            ByteBuf duplicate = frame.retainedDuplicate();
            gathered.writeTo(channel);
            channel.write(duplicate, channel.voidPromise());
        }
        if (!flushDue) {
            flushDue = true;
            flusher.flushLater(this);
        }
    }

    @Override
    public void flush() {
        flushDue = false;
        gathered.writeTo(channel);
        channel.flush();
    }

    /** The connection closed: what was gathered and not written is let go. */
    void release() {
        gathered.release();
    }
}
