package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.PushFrame;
import io.slotway.protocol.RespWriter;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.DedicatedLessee;
import io.slotway.upstream.DedicatedPool;
import io.slotway.upstream.PushListener;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's subscriber connection to one node, leased from the node's dedicated pool and never given back
 * (it is in subscribed mode): subscribes and unsubscribes as the hub's counts say, and hands every message it
 * receives to the hub. Lost, it is leased again once and every subscription still wanted is made again; if that
 * fails, the hub lets the clients concerned go. Used only from its event loop.
 */
final class NodeSubscriber implements DedicatedLessee, PushListener {

    private final UpstreamHub hub;
    private final UpstreamNode node;
    private final DedicatedPool pool;
    private final int maxConnections;
    private final long acquireNanos;
    private final ByteBufAllocator alloc;
    private final Metrics metrics;
    /** Sent once the connection is leased. */
    private final List<UpstreamRequest> queued = new ArrayList<>();
    private DedicatedConnection connection;
    private boolean leasing;
    /** The lease in progress replaces a lost connection: its refusal lets the subscribed clients go. */
    private boolean replacing;

    NodeSubscriber(UpstreamHub hub, UpstreamNode node, DedicatedPool pool, int maxConnections, long acquireNanos,
                   ByteBufAllocator alloc, Metrics metrics) {
        this.hub = hub;
        this.node = node;
        this.pool = pool;
        this.maxConnections = maxConnections;
        this.acquireNanos = acquireNanos;
        this.alloc = alloc;
        this.metrics = metrics;
    }

    UpstreamNode node() {
        return node;
    }

    /** Subscribes {@code entry} on this node; the entry hears of the acknowledgement or the failure. */
    void subscribe(Entry entry) {
        send(new Command(entry, entry.kind().subscribeCommand(), true));
    }

    /** Leaves {@code entry} on this node; nobody waits for the acknowledgement. */
    void unsubscribe(Entry entry) {
        send(new Command(entry, entry.kind().unsubscribeCommand(), false));
    }

    private void send(Command command) {
        if (connection != null && !connection.isClosed()) {
            connection.send(command);
            return;
        }
        queued.add(command);
        if (!leasing) {
            leasing = true;
            pool.lease(maxConnections, acquireNanos, this);
        }
    }

    @Override
    public void leased(DedicatedConnection leased) {
        leasing = false;
        replacing = false;
        connection = leased;
        metrics.subscriberConnectionsChanged(1);
        leased.pushTo(this);
        List<UpstreamRequest> now = new ArrayList<>(queued);
        queued.clear();
        // Bounded by what queued while leasing.
        for (UpstreamRequest command : now) {
            leased.send(command);
        }
    }

    @Override
    public void refused(String error) {
        leasing = false;
        List<UpstreamRequest> failed = new ArrayList<>(queued);
        queued.clear();
        failed.forEach(command -> command.fail(error));
        if (replacing) {
            replacing = false;
            hub.nodeGone(this, error);
        }
    }

    @Override
    public boolean wantsLease() {
        return true;
    }

    @Override
    public void pushed(ByteBuf frame) {
        try {
            Kind kind = Kind.ofMessage(PushFrame.element(frame, 0));
            if (kind != null) {
                hub.deliver(kind, PushFrame.element(frame, 1), frame);
            }
            // Anything else unasked (a shard channel unsubscribed by the node as its slot moved) is dropped here.
        } finally {
            frame.release();
        }
    }

    @Override
    public void lost(String cause) {
        if (connection != null) {
            metrics.subscriberConnectionsChanged(-1);
        }
        connection = null;
        if (hub.hasSubscriptionsOn(this)) {
            // Subscriptions die with the connection: make them again on a new one.
            replacing = true;
            hub.resubscribe(this);
        }
    }

    /** Closes the connection: nothing is subscribed on it any more. */
    void close() {
        if (connection != null) {
            DedicatedConnection closing = connection;
            connection = null;
            metrics.subscriberConnectionsChanged(-1);
            closing.close("no subscriptions left on this event loop");
        }
    }

    /** SUBSCRIBE or UNSUBSCRIBE (of any kind) of one name, as one request with one acknowledgement. */
    private final class Command implements UpstreamRequest {
        private final Entry entry;
        private final ByteBuf frame;
        private final boolean subscribing;

        Command(Entry entry, byte[] verb, boolean subscribing) {
            this.entry = entry;
            this.subscribing = subscribing;
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

        @Override
        public void complete(ByteBuf reply) {
            try {
                if (subscribing) {
                    String kind = PushFrame.element(reply, 0);
                    if (entry.kind().subscribe().equals(kind)) {
                        entry.confirmed(NodeSubscriber.this);
                    } else {
                        entry.failed(NodeSubscriber.this, reply.toString(StandardCharsets.UTF_8).trim());
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
