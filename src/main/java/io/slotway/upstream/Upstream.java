package io.slotway.upstream;

import io.slotway.config.UpstreamConfig;

import java.util.List;

/**
 * A named group of Redis nodes and how keys map onto them. The shard set is data the topology holds, never
 * something discovered by asking for nodes until the answers repeat.
 */
public interface Upstream {

    UpstreamConfig config();

    default String name() {
        return config().name();
    }

    /** The current topology snapshot. */
    Topology topology();

    /** Every node, each exactly once. */
    List<UpstreamNode> nodes();

    /** Nodes taken off the topology for failing health checks (sharded {@code eject_after}); still reported. */
    default List<UpstreamNode> ejected() {
        return List.of();
    }

    /** A health check of {@code node} just ended; called from the health-check thread. */
    default void healthChecked(UpstreamNode node, boolean reachable) {
    }
}
