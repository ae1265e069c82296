package io.slotway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's connections to one node in one setup (database and protocol). A client always uses the same
 * connection of the pool, so its commands reach the node in the order it sent them. After a failed connect, or a
 * connection the node drops within a second of accepting it (a flapping node), new attempts wait an exponentially
 * growing, jittered backoff; meanwhile requests fail fast instead of queueing, and the node sees no connection storm.
 */
public final class NodePool implements UpstreamConnection.Listener {

    private static final Logger log = LoggerFactory.getLogger(NodePool.class);
    static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A connection that served at least this long and then dropped may be reopened at once. */
    static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final LoopPools owner;
    private final Bootstrap bootstrap;
    private final UpstreamNode node;
    private final ConnectionSetup setup;
    private final LoopServices services;
    private final long stallTimeoutNanos;
    private final NodeMetrics metrics;
    private final UpstreamConnection[] connections;
    /** Connections lent to one client at a time; made on first use. */
    private DedicatedPool dedicated;
    private long backoffNanos;
    private long nextAttemptNanos;
    /** Why the last attempt failed or the last connection dropped early: what requests are told while backing off. */
    private String backoffCause = "";

    NodePool(LoopPools owner, Bootstrap bootstrap, UpstreamNode node, ConnectionSetup setup, LoopServices services,
             long stallTimeoutNanos, NodeMetrics metrics) {
        this.owner = owner;
        this.bootstrap = bootstrap;
        this.node = node;
        this.setup = setup;
        this.services = services;
        this.stallTimeoutNanos = stallTimeoutNanos;
        this.metrics = metrics;
        this.connections = new UpstreamConnection[node.connectionsPerLoop()];
    }

    /** Sends on the connection that belongs to {@code clientId}, opening it if needed and allowed. */
    public void send(long clientId, UpstreamRequest request) {
        int slot = (int) Long.remainderUnsigned(clientId, connections.length);
        UpstreamConnection connection = connections[slot];
        if (connection == null || connection.isClosed()) {
            String unavailable = unavailable();
            if (unavailable != null) {
                metrics.count(NodeMetrics.Result.CONNECTION_LOST);
                request.fail(unavailable);
                return;
            }
            connection = UpstreamConnection.open(bootstrap, node, setup, services, this, stallTimeoutNanos,
                    metrics, false);
            connections[slot] = connection;
        }
        connection.send(request);
    }

    public UpstreamNode node() {
        return node;
    }

    /** Why no new connection may be opened now (backing off after failures), as an error line's text; else null. */
    String unavailable() {
        return System.nanoTime() - nextAttemptNanos < 0 ? SocketErrors.unavailable(node, backoffCause)
                : null;
    }

    /** This loop's dedicated connections to the node, set up as this pool's are. */
    public DedicatedPool dedicated() {
        if (dedicated == null) {
            dedicated = new DedicatedPool(this, bootstrap, node, setup, services, metrics);
        }
        return dedicated;
    }

    /** The same event loop's pool for {@code other}, set up the same way: where a redirect sends a request on. */
    public NodePool sibling(UpstreamNode other) {
        return owner.pool(other, setup);
    }

    @Override
    public void ready(UpstreamConnection connection) {
        if (node.health().markUp()) {
            log.info("upstream {} node {}: reachable again", node.upstream(), node);
        }
    }

    @Override
    public void closed(UpstreamConnection connection, boolean wasReady, String cause) {
        long now = System.nanoTime();
        if (wasReady && now - connection.readyAtNanos() >= STABLE_NANOS) {
            // It served for a while: reopen on demand, and forget earlier failures.
            backoffNanos = 0;
            return;
        }
        backoffNanos = backoffNanos == 0 ? MIN_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
        long jitter = ThreadLocalRandom.current().nextLong(backoffNanos / 5 + 1);
        nextAttemptNanos = now + backoffNanos - backoffNanos / 10 + jitter;
        backoffCause = wasReady ? "dropped the connection right after accepting it: " + cause : cause;
        if (!wasReady && node.health().markDown(cause)) {
            log.warn("upstream {} node {}: cannot connect: {}", node.upstream(), node, cause);
        }
    }

    /** Closes every connection: Slotway is stopping. */
    public void shutdown() {
        if (dedicated != null) {
            dedicated.shutdown();
        }
        for (UpstreamConnection connection : connections) {
            if (connection != null) {
                connection.shutdown();
            }
        }
    }
}
