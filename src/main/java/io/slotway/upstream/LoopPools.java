package io.slotway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop's node pools: clients on a loop talk to nodes over that loop's own connections, so a request
 * never crosses threads. Pools open lazily, one per node and connection setup (database and protocol). Only used
 * from its event loop.
 */
public final class LoopPools {

    private final Bootstrap bootstrap;
    private final LoopServices services;
    private final Metrics metrics;
    private final Map<UpstreamNode, Map<ConnectionSetup, NodePool>> pools = new IdentityHashMap<>();

    public LoopPools(Bootstrap bootstrap, LoopServices services, Metrics metrics) {
        this.bootstrap = bootstrap;
        this.services = services;
        this.metrics = metrics;
    }

    public LoopServices services() {
        return services;
    }

    public NodePool pool(UpstreamNode node, ConnectionSetup setup) {
        Map<ConnectionSetup, NodePool> bySetup = pools.computeIfAbsent(node, n -> new HashMap<>(2));
        NodePool pool = bySetup.get(setup);
        if (pool == null) {
            pool = new NodePool(this, bootstrap, node, setup, services, node.stallTimeoutNanos(),
                    metrics.upstream(node.upstream()).node(node.toString()));
            bySetup.put(setup, pool);
        }
        return pool;
    }

    /**
     * Closes this loop's connections to {@code nodes}, which a config reload took out of service (their last
     * requests have ended by now: the caller waits out the longest deadline first).
     */
    public void retire(Collection<UpstreamNode> nodes) {
        for (UpstreamNode node : nodes) {
            Map<ConnectionSetup, NodePool> bySetup = pools.remove(node);
            if (bySetup != null) {
                bySetup.values().forEach(NodePool::shutdown);
            }
        }
    }

    /** Closes every connection of this loop: Slotway is stopping. */
    public void shutdown() {
        List<NodePool> all = new ArrayList<>();
        pools.values().forEach(bySetup -> all.addAll(bySetup.values()));
        all.forEach(NodePool::shutdown);
    }
}
