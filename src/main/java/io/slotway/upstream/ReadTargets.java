package io.slotway.upstream;

import io.slotway.config.ReadPolicy;

import java.util.List;

/**
 * Picks the node of a shard that serves a read-only command, by the upstream's read policy. Each client keeps to
 * one replica (chosen by its id) while that replica is up; the "prefer" policies fall back to the other role when
 * every node of the preferred one is down, and {@code replica} never falls back to the primary.
 */
public final class ReadTargets {

    private ReadTargets() {
    }

    public static UpstreamNode pick(ReadPolicy policy, Shard shard, long clientId) {
        List<UpstreamNode> replicas = shard.replicas();
        UpstreamNode primary = shard.primary();
        if (replicas.isEmpty() || policy == ReadPolicy.PRIMARY) {
            return primary;
        }
        return switch (policy) {
            case PREFER_PRIMARY -> primary.isDown() ? replicaOr(replicas, clientId, primary) : primary;
            case REPLICA -> replicaOr(replicas, clientId, null);
            case PREFER_REPLICA -> replicaOr(replicas, clientId, primary);
            case ANY -> any(primary, replicas, clientId);
            case PRIMARY -> primary;
        };
    }

    /**
     * The client's replica if it is up, else the next one that is up, else {@code fallback}; with no fallback,
     * the client's own replica, which then fails fast with the reason it is down.
     */
    private static UpstreamNode replicaOr(List<UpstreamNode> replicas, long clientId, UpstreamNode fallback) {
        int start = (int) Long.remainderUnsigned(clientId, replicas.size());
        // Bounded by the replica count; indexed so nothing is allocated.
        for (int i = 0; i < replicas.size(); i++) {
            UpstreamNode replica = replicas.get((start + i) % replicas.size());
            if (!replica.isDown()) {
                return replica;
            }
        }
        return fallback != null && !fallback.isDown() ? fallback : replicas.get(start);
    }

    private static UpstreamNode any(UpstreamNode primary, List<UpstreamNode> replicas, long clientId) {
        int nodes = replicas.size() + 1;
        int start = (int) Long.remainderUnsigned(clientId, nodes);
        for (int i = 0; i < nodes; i++) {
            int choice = (start + i) % nodes;
            UpstreamNode node = choice == replicas.size() ? primary : replicas.get(choice);
            if (!node.isDown()) {
                return node;
            }
        }
        return start == replicas.size() ? primary : replicas.get(start);
    }
}
