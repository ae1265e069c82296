package io.slotway.tracking;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.loop.LoopServices;
import io.slotway.protocol.PushFrame;
import io.slotway.protocol.RespValue;
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
 * One event loop's connection to one primary in broadcast tracking mode ({@code CLIENT TRACKING ON BCAST}, RESP3):
 * the node pushes {@code invalidate} with every key changed on it, by anyone, and this hands them to its table. Leased
 * from the node's dedicated pool and never given back; asked a PING every few seconds, so a node that stops answering
 * is noticed. Lost, it tells its table, which flushes its clients' caches. Used only from its event loop.
 */
final class InvalidationListener implements DedicatedLessee {

    private static final ByteBuf TRACKING_ON = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
            "*4\r\n$6\r\nCLIENT\r\n$8\r\nTRACKING\r\n$2\r\non\r\n$5\r\nBCAST\r\n".getBytes(StandardCharsets.US_ASCII)))
            .asReadOnly();

    private final UpstreamTracking table;
    private final UpstreamNode node;
    private final DedicatedPool pool;
    private final int maxConnections;
    private final long acquireNanos;
    private final Heartbeat heartbeat;
    private DedicatedConnection connection;
    private boolean closed;
    /** CLIENT TRACKING ON BCAST was accepted: the node's changes reach this listener from now on. */
    private boolean live;

    InvalidationListener(UpstreamTracking table, UpstreamNode node, DedicatedPool pool, int maxConnections,
                         long acquireNanos, LoopServices services) {
        this.table = table;
        this.node = node;
        this.pool = pool;
        this.maxConnections = maxConnections;
        this.acquireNanos = acquireNanos;
        this.heartbeat = new Heartbeat(services);
    }

    UpstreamNode node() {
        return node;
    }

    boolean live() {
        return live;
    }

    void start() {
        pool.lease(maxConnections, acquireNanos, this);
    }

    /** No longer wanted: its connection is closed (it is in tracking mode, so never given back). */
    void close() {
        closed = true;
        heartbeat.stop();
        if (connection != null) {
            connection.close("no client tracks keys of this node on this event loop any more");
            connection = null;
        }
    }

    @Override
    public void leased(DedicatedConnection leased) {
        if (closed) {
            leased.close("its listener was closed while the connection was leased");
            return;
        }
        connection = leased;
        leased.pushTo(this::pushed, this::lost);
        leased.send(new TrackingOn());
    }

    @Override
    public void refused(String error) {
        if (!closed) {
            table.listenerLost(this, error);
        }
    }

    @Override
    public boolean wantsLease() {
        return !closed;
    }

    private void pushed(ByteBuf frame) {
        try {
            if (!PushFrame.isResp3Push(frame)) {
                return;
            }
            RespValue push = RespValue.parse(frame.duplicate());
            if (push.items().size() != 2 || !"invalidate".equals(push.get(0).text())) {
                return;
            }
            RespValue keys = push.get(1);
            if (keys.kind() == RespValue.Kind.NULL) {
                // FLUSHALL or FLUSHDB on the node: every cached key may be gone.
                table.flushAll();
                return;
            }
            List<String> names = new ArrayList<>(keys.items().size());
            for (RespValue key : keys.items()) {
                int data = frame.indexOf(key.start(), key.end(), (byte) '\n') + 1;
                names.add(frame.toString(data, key.end() - 2 - data, StandardCharsets.ISO_8859_1));
            }
            table.invalidated(names);
        } finally {
            frame.release();
        }
    }

    private void lost(DedicatedConnection lost, String cause) {
        lost.close(cause);
        if (lost != connection) {
            return;
        }
        heartbeat.stop();
        connection = null;
        live = false;
        if (!closed) {
            table.listenerLost(this, cause);
        }
    }

    /** {@code CLIENT TRACKING ON BCAST}: once accepted, the listener is live and its heartbeat starts. */
    private final class TrackingOn implements UpstreamRequest {
        @Override
        public ByteBuf frame() {
            return TRACKING_ON.duplicate();
        }

        @Override
        public boolean claims(ByteBuf reply) {
            return !PushFrame.isResp3Push(reply);
        }

        @Override
        public void complete(ByteBuf reply) {
            boolean ok = reply.isReadable() && reply.getByte(reply.readerIndex()) == '+';
            String text = reply.toString(StandardCharsets.UTF_8).trim();
            reply.release();
            if (closed || connection == null) {
                return;
            }
            if (ok) {
                live = true;
                heartbeat.start(connection);
                table.listenerReady(InvalidationListener.this);
            } else {
                connection.close("CLIENT TRACKING ON BCAST refused: " + text);
            }
        }

        @Override
        public void fail(String error) {
            // The connection is closing, and its loss is reported to the table.
        }

        @Override
        public boolean isAbandoned() {
            return false;
        }
    }
}
