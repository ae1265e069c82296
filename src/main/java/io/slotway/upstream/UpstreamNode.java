package io.slotway.upstream;

import io.slotway.config.HostAndPort;
import io.slotway.config.ReadPolicy;
import io.slotway.config.Secret;
import io.slotway.config.UpstreamConfig;
import io.slotway.config.UpstreamMode;
import io.slotway.tls.UpstreamTls;

import java.time.Duration;
import java.util.Optional;

/**
 * One Redis server an upstream sends to, with what a connection needs to log in, and its health. Immutable but
 * for the health; each node object stands for its server alone, so nodes compare by identity.
 */
public record UpstreamNode(String upstream, HostAndPort address, Optional<String> username,
                           Optional<Secret> password, Duration connectTimeout, int connectionsPerLoop,
                           long stallTimeoutNanos, boolean readOnlyConnections, int maxPendingRequests,
                           Optional<UpstreamTls> tls, NodeHealth health) {

    public static UpstreamNode of(UpstreamConfig config, HostAndPort address, Optional<UpstreamTls> tls) {
        // A node whose outstanding requests see no reply for twice the longest deadline is closed and reopened.
        long longest = Math.max(config.timeouts().command().toNanos(), config.timeouts().fanout().toNanos());
        // Cluster connections that may carry replica reads say READONLY; on a primary it changes nothing.
        boolean readOnly = config.mode() == UpstreamMode.CLUSTER && config.cluster().readPolicy() != ReadPolicy.PRIMARY;
        return new UpstreamNode(config.name(), address, config.username(), config.password(),
                config.timeouts().connect(), config.connectionsPerNode(), 2 * longest, readOnly,
                config.maxPendingRequests(), tls, new NodeHealth());
    }

    public boolean isDown() {
        return health.isDown();
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
