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
 * never crosses threads. Pools open lazily, one per node and database. Only used from its event loop.
 */
public final class LoopPools {

    private final Bootstrap bootstrap;
    private final LoopServices services;
    private final Metrics metrics;
    private final Map<UpstreamNode, Map<Integer, NodePool>> pools = new IdentityHashMap<>();
    public LoopPools(Bootstrap bootstrap, LoopServices services, Metrics metrics) {
        this.bootstrap = bootstrap;
        this.services = services;
        this.metrics = metrics;
    }

    public LoopServices services() {
        return services;
    }

    public NodePool pool(UpstreamNode node, int database) {
        Map<Integer, NodePool> byDatabase = pools.computeIfAbsent(node, n -> new HashMap<>(2));
        NodePool pool = byDatabase.get(database);
        if (pool == null) {
            pool = new NodePool(this, bootstrap, node, database, services, node.stallTimeoutNanos(),
                    metrics.upstream(node.upstream()).node(node.toString()));
            byDatabase.put(database, pool);
        }
        return pool;
    }

    /**
     * Closes this loop's connections to {@code nodes}, which a config reload took out of service (their last
     * requests have ended by now: the caller waits out the longest deadline first).
     */
    public void retire(Collection<UpstreamNode> nodes) {
        for (UpstreamNode node : nodes) {
            Map<Integer, NodePool> byDatabase = pools.remove(node);
            if (byDatabase != null) {
                byDatabase.values().forEach(NodePool::shutdown);
            }
        }
    }

    /** Closes every connection of this loop: Slotway is stopping. */
    public void shutdown() {
        List<NodePool> all = new ArrayList<>();
        pools.values().forEach(byDatabase -> all.addAll(byDatabase.values()));
        all.forEach(NodePool::shutdown);
    }
}
