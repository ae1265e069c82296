package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.PushFrame;
import io.slotway.protocol.RespWriter;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.DedicatedLessee;
import io.slotway.upstream.DedicatedPool;
import io.slotway.upstream.Heartbeat;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's subscriber connection to one node, leased from the node's dedicated pool and never given back
 * (it is in subscribed mode): subscribes and unsubscribes as the hub's counts say, and hands every message it
 * receives to the hub. Lost, it is closed, leased again, and every subscription still wanted is made again; if no
 * connection can be had, the hub lets the clients concerned go. Used only from its event loop.
 */
final class NodeSubscriber implements DedicatedLessee {

    private final UpstreamHub hub;
    private final UpstreamNode node;
    private final DedicatedPool pool;
    private final int maxConnections;
    private final long acquireNanos;
    private final ByteBufAllocator alloc;
    private final Metrics metrics;
    /** Sent once the connection is leased. */
    private final List<Command> queued = new ArrayList<>();
    private DedicatedConnection connection;
    private boolean leasing;
    /** Notices a node that stops answering without closing the connection; its subscriptions are then placed again. */
    private final Heartbeat heartbeat;

    NodeSubscriber(UpstreamHub hub, UpstreamNode node, DedicatedPool pool, int maxConnections, long acquireNanos,
                   ByteBufAllocator alloc, Metrics metrics, LoopServices services) {
        this.hub = hub;
        this.node = node;
        this.pool = pool;
        this.maxConnections = maxConnections;
        this.acquireNanos = acquireNanos;
        this.alloc = alloc;
        this.metrics = metrics;
        this.heartbeat = new Heartbeat(services);
    }

    UpstreamNode node() {
        return node;
    }

    /** The node was taken out of service (a reload removed it, or Slotway stops): nothing can be made here again. */
    boolean retired() {
        return pool.isShutDown();
    }

    /** Subscribes {@code entry} on this node; the entry hears of the acknowledgement or the failure. */
    void subscribe(Entry entry) {
        Command command = new Command(entry, entry.kind().subscribeCommand(), entry.kind().subscribe());
        if (live()) {
            connection.send(command);
            return;
        }
        queued.add(command);
        if (!leasing) {
            leasing = true;
            pool.lease(maxConnections, acquireNanos, this);
        }
    }

    /**
     * Leaves {@code entry} on this node; nobody waits for the acknowledgement. Without a connection nothing is
     * subscribed there, so nothing is sent (but after a SUBSCRIBE still waiting for its lease, in order).
     */
    void unsubscribe(Entry entry) {
        Command command = new Command(entry, entry.kind().unsubscribeCommand(), entry.kind().unsubscribe());
        if (live()) {
            connection.send(command);
        } else if (leasing) {
            queued.add(command);
        } else {
            command.frame.release();
        }
    }

    private boolean live() {
        return connection != null && !connection.isClosed();
    }

    @Override
    public void leased(DedicatedConnection leased) {
        leasing = false;
        connection = leased;
        metrics.subscriberConnectionsChanged(1);
        leased.pushTo(this::pushed, this::lost);
        heartbeat.start(leased);
        List<Command> now = new ArrayList<>(queued);
        queued.clear();
        // Bounded by what queued while leasing.
        for (Command command : now) {
            leased.send(command);
        }
    }

    @Override
    public void refused(String error) {
        leasing = false;
        List<Command> failed = new ArrayList<>(queued);
        queued.clear();
        failed.forEach(command -> command.fail(error));
    }

    @Override
    public boolean wantsLease() {
        return true;
    }

    private void pushed(ByteBuf frame) {
        try {
            String first = PushFrame.element(frame, 0);
            Kind kind = Kind.ofMessage(first);
            if (kind != null) {
                hub.deliver(kind, PushFrame.element(frame, 1), frame);
            } else if (Kind.SHARD.unsubscribe().equals(first)) {
                // The node dropped a shard channel itself: its slot moved to another node.
                hub.shardChannelMoved(this, PushFrame.element(frame, 1));
            }
        } finally {
            frame.release();
        }
    }

    /** {@code lost} is gone; when it was this node's connection, what it carried is made again on a new one. */
    private void lost(DedicatedConnection lost, String cause) {
        // The pool lends it no more; closing a closed connection only tells the pool.
        lost.close(cause);
        if (lost != connection) {
            return;
        }
        heartbeat.stop();
        connection = null;
        metrics.subscriberConnectionsChanged(-1);
        hub.connectionLost(this);
    }

    /** SUBSCRIBE or UNSUBSCRIBE (of any kind) of one name, as one request with one acknowledgement. */
    private final class Command implements UpstreamRequest {
        private final Entry entry;
        private final ByteBuf frame;
        /** The acknowledgement's first element, e.g. {@code psubscribe}. */
        private final String ack;
        private final boolean subscribing;

        Command(Entry entry, byte[] verb, String ack) {
            this.entry = entry;
            this.ack = ack;
            this.subscribing = ack.equals(entry.kind().subscribe());
            byte[] name = entry.name().getBytes(StandardCharsets.ISO_8859_1);
            this.frame = alloc.heapBuffer(32 + name.length);
            RespWriter.writeArrayHeader(frame, 2);
            RespWriter.writeBulk(frame, verb);
            RespWriter.writeBulk(frame, name);
        }

        @Override
        public ByteBuf frame() {
            return frame;
        }

        /** Its own acknowledgement, or an error; a frame the node sent unasked meanwhile is not. */
        @Override
        public boolean claims(ByteBuf reply) {
            return reply.isReadable() && reply.getByte(reply.readerIndex()) == '-'
                    || ack.equals(PushFrame.element(reply, 0)) && entry.name().equals(PushFrame.element(reply, 1));
        }

        @Override
        public void complete(ByteBuf reply) {
            try {
                if (subscribing) {
                    if (ack.equals(PushFrame.element(reply, 0))) {
                        entry.confirmed(NodeSubscriber.this);
                    } else {
                        String error = reply.toString(StandardCharsets.UTF_8).trim();
                        entry.failed(NodeSubscriber.this, error.startsWith("-") ? error.substring(1) : error);
                    }
                }
            } finally {
                reply.release();
                frame.release();
            }
        }

        @Override
        public void fail(String error) {
            frame.release();
            if (subscribing) {
                entry.failed(NodeSubscriber.this, error);
            }
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }
    }
}
