package io.slotway.config;

import java.util.List;
import java.util.Optional;

/**
 * One upstream; {@code timeouts} already has the global values merged in. {@code maxPendingRequests} bounds the
 * requests one node connection may have outstanding: past it, requests fail fast instead of queueing.
 */
public record UpstreamConfig(String name, UpstreamMode mode, List<NodeConfig> nodes, Optional<String> username,
                             Optional<Secret> password, int database, int connectionsPerNode,
                             TimeoutsConfig timeouts, ShardingConfig sharding, ClusterConfig cluster,
                             int maxPendingRequests, Optional<UpstreamTlsConfig> tls) {

    public UpstreamConfig {
        nodes = List.copyOf(nodes);
    }
}
