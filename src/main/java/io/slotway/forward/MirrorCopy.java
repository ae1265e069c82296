package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.slotway.metrics.UpstreamMetrics;
import io.slotway.protocol.Replies;
import io.slotway.upstream.UpstreamRequest;

/** One copy on its way to a mirror: its reply is read only to count an error, then dropped. */
final class MirrorCopy implements UpstreamRequest {

    private final ByteBuf frame;
    private final int replies;
    private final MirrorTraffic.Pending pending;
    private final UpstreamMetrics metrics;
    private boolean ended;

    /** Takes ownership of {@code frame}, which produces {@code replies} replies (a transaction, more than one). */
    MirrorCopy(ByteBuf frame, int replies, MirrorTraffic.Pending pending, UpstreamMetrics metrics) {
        this.frame = frame;
        this.replies = replies;
        this.pending = pending;
        this.metrics = metrics;
    }

    @Override
    public ByteBuf frame() {
        return frame;
    }

    @Override
    public int replyCount() {
        return replies;
    }

    @Override
    public void complete(ByteBuf reply) {
        boolean error = Replies.isError(reply);
        reply.release();
        end(error);
    }

    @Override
    public void fail(String error) {
        end(true);
    }

    private void end(boolean failed) {
        if (ended) {
            return;
        }
        ended = true;
        pending.count--;
        frame.release();
        if (failed) {
            metrics.mirror(UpstreamMetrics.MirrorResult.FAILED);
        }
    }

    /** Nobody waits for a copy, but it is sent all the same: the mirror must see the write. */
    @Override
    public boolean isAbandoned() {
        return false;
    }
}
