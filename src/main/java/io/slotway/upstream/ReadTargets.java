package io.slotway.upstream;

import io.slotway.config.ReadPolicy;

import java.util.List;

/** Picks the node of a shard that serves a read-only command, by the upstream's read policy. */
public final class ReadTargets {

    private ReadTargets() {
    }

    /** {@code clientId} spreads clients over replicas while keeping each client on one node. */
    public static UpstreamNode pick(ReadPolicy policy, Shard shard, long clientId) {
        List<UpstreamNode> replicas = shard.replicas();
        if (replicas.isEmpty()) {
            return shard.primary();
        }
        return switch (policy) {
            case PRIMARY, PREFER_PRIMARY -> shard.primary();
            case REPLICA, PREFER_REPLICA -> replicas.get((int) Long.remainderUnsigned(clientId, replicas.size()));
            case ANY -> {
                int choice = (int) Long.remainderUnsigned(clientId, replicas.size() + 1);
                yield choice == replicas.size() ? shard.primary() : replicas.get(choice);
            }
        };
    }
}
