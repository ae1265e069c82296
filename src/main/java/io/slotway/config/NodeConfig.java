package io.slotway.config;

import java.util.Optional;

/**
 * One node of an upstream. {@code weight} and {@code name} matter for sharded upstreams only: a node's share of
 * the hash ring follows its weight, and the ring is built from its name (default {@code host:port}), so naming
 * nodes keeps keys in place when an address changes.
 */
public record NodeConfig(HostAndPort address, int weight, Optional<String> name) {

    public static NodeConfig of(HostAndPort address) {
        return new NodeConfig(address, 1, Optional.empty());
    }

    /** The text the hash ring is built from. */
    public String ringName() {
        return name.orElseGet(address::toString);
    }
}
