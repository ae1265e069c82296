package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.slotway.command.ReplyMerger;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.Replies;
import io.slotway.upstream.NodePool;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;

/**
 * One client request sent to several shards: each part carries its own frame to one shard; when every part has
 * answered, the replies are merged into the exchange's single reply. A shard's error becomes the whole reply's
 * error, naming the shard: nothing is silently dropped. Used only from the client's event loop.
 */
final class FanOut {

    private final Exchange exchange;
    /** The cap on the shard replies held at once (limits.max_fanout_reply_bytes). */
    private final long maxReplyBytes;
    private final ReplyMerger merger;
    private final SplitPlan plan;
    /** The client's protocol when it sent the command, which the parts' connections speak. */
    private final int protocol;
    private final Part[] parts;
    private final ByteBuf[] replies;
    private final long[] partialBytes;
    private int remaining;
    /** Bytes of complete replies held, plus bytes of replies still arriving: what the size limit bounds. */
    private long bytes;

    FanOut(long maxReplyBytes, Exchange exchange, Upstream[] upstreams, ReplyMerger merger, SplitPlan plan,
           UpstreamNode[] nodes, ByteBuf[] frames, int protocol) {
        this.protocol = protocol;
        this.maxReplyBytes = maxReplyBytes;
        this.exchange = exchange;
        this.merger = merger;
        this.plan = plan;
        this.parts = new Part[nodes.length];
        this.replies = new ByteBuf[nodes.length];
        this.partialBytes = new long[nodes.length];
        this.remaining = nodes.length;
        for (int i = 0; i < nodes.length; i++) {
            parts[i] = new Part(i, upstreams[i], nodes[i], frames[i]);
        }
    }

    Part part(int index) {
        return parts[index];
    }

    int size() {
        return parts.length;
    }

    private void partDone(int index, ByteBuf reply) {
        if (exchange.isDone()) {
            reply.release();
            return;
        }
        replies[index] = reply;
        if (!grow(index, reply.readableBytes())) {
            return;
        }
        if (--remaining > 0) {
            return;
        }
        ByteBuf merged = null;
        try {
            for (int i = 0; i < replies.length; i++) {
                if (replies[i].getByte(replies[i].readerIndex()) == '-') {
                    merged = shardError(parts[i].node, replies[i]);
                    break;
                }
            }
            if (merged == null) {
                merged = merger.merge(exchange.alloc(), replies, plan, protocol);
            }
        } catch (RuntimeException e) {
            merged = Replies.error(exchange.alloc(),
                    "ERR cannot merge shard replies: " + e.getMessage());
        } finally {
            releaseAll();
        }
        exchange.answer(merged);
    }

    /**
     * Counts a part's reply at its new size (partial or complete) against the limit; past it, answers the client
     * with advice to SCAN and lets go of every reply, so replies still arriving are dropped as they come.
     */
    private boolean grow(int index, long partSize) {
        bytes += partSize - partialBytes[index];
        partialBytes[index] = partSize;
        long limit = maxReplyBytes;
        if (bytes <= limit) {
            return true;
        }
        releaseAll();
        exchange.answer(Replies.error(exchange.alloc(), "ERR reply from "
                + parts.length + " shards exceeds limits.max_fanout_reply_bytes (" + limit
                + " bytes); iterate with SCAN instead"));
        return false;
    }

    /** "ERR shard 127.0.0.1:7001: <its error>": which shard failed is what an operator needs first. */
    private ByteBuf shardError(UpstreamNode node, ByteBuf error) {
        String text = error.toString(error.readerIndex() + 1, error.readableBytes() - 3,
                StandardCharsets.UTF_8);
        return Replies.error(exchange.alloc(), "ERR shard " + node + ": " + text);
    }

    /** Gives back every frame and reply still held (on completion, expiry, or the client leaving). */
    void releaseAll() {
        for (int i = 0; i < parts.length; i++) {
            parts[i].releaseFrame();
            if (replies[i] != null) {
                replies[i].release();
                replies[i] = null;
            }
        }
    }

    /** The share of the request that goes to one shard. */
    final class Part implements UpstreamRequest {

        private final int index;
        private final Upstream upstream;
        private final UpstreamNode node;
        private ByteBuf frame;
        private boolean answered;

        Part(int index, Upstream upstream, UpstreamNode node, ByteBuf frame) {
            this.index = index;
            this.upstream = upstream;
            this.node = node;
            this.frame = frame;
        }

        UpstreamNode node() {
            return node;
        }

        Upstream upstream() {
            return upstream;
        }

        @Override
        public ByteBuf frame() {
            return frame;
        }

        /** Sends this part to its node; the exchange stays alive until the node's connection is done with it. */
        void send(NodePool pool, long clientId) {
            exchange.hold();
            upstream.send(pool, clientId, this);
        }

        @Override
        public void complete(ByteBuf reply) {
            try {
                if (answered) {
                    reply.release();
                    return;
                }
                answered = true;
                partDone(index, reply);
            } finally {
                exchange.released();
            }
        }

        @Override
        public void fail(String error) {
            try {
                if (!answered) {
                    answered = true;
                    partDone(index, Replies.error(exchange.alloc(), error));
                }
            } finally {
                exchange.released();
            }
        }

        @Override
        public boolean acceptsReply(long partialBytes) {
            return !answered && !exchange.isDone() && grow(index, partialBytes);
        }

        /** Nobody wants this part's reply once the whole request has its answer (or is past its deadline). */
        @Override
        public boolean isAbandoned() {
            return answered || exchange.isDone() || exchange.isAbandoned();
        }

        void releaseFrame() {
            if (frame != null) {
                frame.release();
                frame = null;
            }
        }
    }
}
