package io.slotway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.slotway.loop.Deadline;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.NodeMetrics;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One event loop's dedicated connections to one node in one setup (database and protocol), at most {@code max} open
 * (lent and idle together): kept warm and reused, so a transaction or a blocking command opens no connection once
 * the pool is warm, and a node never sees more than the limit from this loop however many clients block. A client
 * finding every connection lent waits in line for one, up to its acquire timeout; so does one arriving while
 * {@link #MAX_CONNECTING} connections are being opened. Only used from its event loop.
 */
public final class DedicatedPool {

    /**
     * Connections this pool opens at once: a burst of clients blocking at the same moment would otherwise open
     * hundreds together, overflow the node's accept queue (Redis's tcp-backlog is 511, capped by the kernel's
     * somaxconn), and the dropped connects would time out and mark a healthy node down.
     */
    static final int MAX_CONNECTING = 32;

    private final NodePool owner;
    private final Bootstrap bootstrap;
    private final UpstreamNode node;
    private final ConnectionSetup setup;
    private final LoopServices services;
    private final NodeMetrics metrics;
    private final ArrayDeque<DedicatedConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Lent now: closed with the pool when its node is retired or Slotway stops. */
    private final Set<DedicatedConnection> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    private int open;
    /** Opened and not yet ready or closed: at most {@link #MAX_CONNECTING}. */
    private int connecting;
    private boolean shutDown;

    DedicatedPool(NodePool owner, Bootstrap bootstrap, UpstreamNode node, ConnectionSetup setup, LoopServices services,
                  NodeMetrics metrics) {
        this.owner = owner;
        this.bootstrap = bootstrap;
        this.node = node;
        this.setup = setup;
        this.services = services;
        this.metrics = metrics;
    }

    /**
     * Lends a connection to {@code lessee}: an idle one, a new one while fewer than {@code max} are open (and fewer
     * than {@link #MAX_CONNECTING} are being opened), or one that comes free within {@code waitNanos}; else refuses
     * with an error naming the limit.
     */
    public void lease(int max, long waitNanos, DedicatedLessee lessee) {
        String unavailable = shutDown ? "ERR upstream node " + node + " was taken out of service"
                : owner.unavailable();
        if (unavailable != null) {
            lessee.refused(unavailable);
            return;
        }
        DedicatedConnection connection = idle.poll();
        if (connection != null) {
            metrics.dedicatedChanged(1, -1);
            lend(connection, lessee);
            return;
        }
        if (open < max && connecting < MAX_CONNECTING) {
            openFor(lessee);
            return;
        }
        metrics.dedicated(NodeMetrics.Dedicated.WAITED);
        Waiter waiter = new Waiter(lessee, max);
        waiters.add(waiter);
        // Waiting only for connects under way: never refused before one of them could have finished, even when the
        // acquire timeout (for a pool whose connections are all lent) is shorter or zero.
        long connectNanos = node.connectTimeout().toNanos();
        services.deadlines().arm(waiter, open < max ? Math.max(waitNanos, connectNanos) : waitNanos);
    }

    private void openFor(DedicatedLessee lessee) {
        open++;
        connecting++;
        DedicatedConnection opened = new DedicatedConnection(this);
        // No stall timeout: a blocking command may rightly wait for hours.
        opened.connection(UpstreamConnection.open(bootstrap, node, setup, services, opened, 0, metrics, true));
        metrics.dedicated(NodeMetrics.Dedicated.OPENED);
        metrics.dedicatedChanged(1, 0);
        lend(opened, lessee);
    }

    /**
     * Opens connections for the waiters at the head of the line while the limits allow: one closed, one finished
     * opening, or one waiter gave up. While the node is backing off they stay in line.
     */
    private void openForWaiters() {
        // Bounded by the waiters: each pass takes one off the line or returns.
        while (!shutDown && connecting < MAX_CONNECTING && owner.unavailable() == null) {
            Waiter waiter = waiters.peek();
            if (waiter == null || open >= waiter.max) {
                return;
            }
            waiters.poll();
            waiter.disarm();
            if (waiter.lessee.wantsLease()) {
                openFor(waiter.lessee);
            }
        }
    }

    private void lend(DedicatedConnection connection, DedicatedLessee lessee) {
        connection.lent(true);
        lent.add(connection);
        lessee.leased(connection);
    }

    /** Whether the node was retired (a reload removed it) or Slotway stops: nothing is lent any more. */
    public boolean isShutDown() {
        return shutDown;
    }

    /** A lessee is done with {@code connection} and it is clean: to the first waiter still waiting, or idle. */
    void giveBack(DedicatedConnection connection) {
        if (!connection.lent()) {
            return;
        }
        connection.lent(false);
        lent.remove(connection);
        if (connection.isClosed() || shutDown) {
            metrics.dedicatedChanged(-1, 0);
            connection.discarded(true);
            connection.connection().shutdown();
            return;
        }
        // Bounded by the waiters, each tried once.
        while (!waiters.isEmpty()) {
            Waiter waiter = waiters.poll();
            waiter.disarm();
            if (waiter.lessee.wantsLease()) {
                lend(connection, waiter.lessee);
                return;
            }
        }
        metrics.dedicatedChanged(-1, 1);
        idle.add(connection);
    }

    void ready(UpstreamConnection connection) {
        connecting--;
        owner.ready(connection);
        openForWaiters();
    }

    void closed(DedicatedConnection connection, boolean wasReady, String cause) {
        open--;
        if (!wasReady) {
            connecting--;
        }
        if (idle.remove(connection)) {
            metrics.dedicatedChanged(0, -1);
        }
        if (!connection.discarded()) {
            // The node closed it, or it never opened: that counts towards the node's backoff and health.
            owner.closed(connection.connection(), wasReady, cause);
        }
        openForWaiters();
    }

    /** A lessee closes {@code connection}: its state is unknown, so nobody else may use it. */
    void discard(DedicatedConnection connection, String cause) {
        if (connection.lent()) {
            connection.lent(false);
            lent.remove(connection);
            metrics.dedicatedChanged(-1, 0);
        }
        if (!connection.isClosed()) {
            // Slotway's own decision: unlike the node dropping it, no sign of the node's health.
            connection.discarded(true);
        }
        connection.connection().discard(cause);
    }

    /**
     * Closes every connection: the node was retired or Slotway stops. A lent one fails what runs on it, so its client
     * gets an error rather than a wait on a node nobody serves.
     */
    void shutdown() {
        shutDown = true;
        while (!waiters.isEmpty()) {
            Waiter waiter = waiters.poll();
            waiter.disarm();
            if (waiter.lessee.wantsLease()) {
                waiter.lessee.refused("ERR Slotway is shutting down");
            }
        }
        // Bounded by the idle connections; each close removes one.
        while (!idle.isEmpty()) {
            DedicatedConnection connection = idle.peek();
            connection.discarded(true);
            connection.connection().shutdown();
        }
        // Bounded by the lent connections; closing fails the request on it, whose client then discards it.
        for (DedicatedConnection connection : List.copyOf(lent)) {
            connection.connection().shutdown();
        }
    }

    private final class Waiter extends Deadline {
        private final DedicatedLessee lessee;
        private final int max;

        Waiter(DedicatedLessee lessee, int max) {
            this.lessee = lessee;
            this.max = max;
        }

        @Override
        protected void expired() {
            waiters.remove(this);
            metrics.dedicated(NodeMetrics.Dedicated.REFUSED);
            if (lessee.wantsLease()) {
                lessee.refused(refusal());
            }
            // Whoever is next may be served now (the backoff ended meanwhile, or it has a higher limit).
            openForWaiters();
        }

        private String refusal() {
            String unavailable = owner.unavailable();
            if (unavailable != null) {
                return unavailable;
            }
            return "ERR no dedicated connection available to " + node + ": " + (open < max
                    ? "still opening connections to it, " + MAX_CONNECTING + " at a time, none ready within "
                    : "all " + max + " in use on this event loop (limits.dedicated_connections_per_node), "
                            + "none free within ")
                    + "timeouts.dedicated_acquire";
        }
    }
}
