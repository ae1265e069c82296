package io.slotway.upstream;

import io.slotway.config.UpstreamConfig;
import io.slotway.metrics.UpstreamMetrics;

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

    /**
     * Sends {@code request} over {@code pool}, this event loop's connections to one of this upstream's nodes. The
     * request sees only its final reply or a failure: a cluster follows {@code -MOVED} and {@code -ASK} itself.
     */
    default void send(NodePool pool, long clientId, UpstreamRequest request) {
        pool.send(clientId, request);
    }

    /** A node answered that the map is out of date (keys moved, a primary changed): read it again soon. */
    default void requestRefresh() {
    }

    /** Starts what keeps this upstream current in the background (a cluster's slot map), counting into metrics. */
    default void start(UpstreamMetrics metrics) {
    }

    /** Stops what {@link #start} started; connections are closed by their event loops. */
    default void stop() {
    }

    /** Why this upstream cannot serve every key now (a cluster with slots no primary owns); empty when it can. */
    default List<String> coverageProblems() {
        return List.of();
    }
}
