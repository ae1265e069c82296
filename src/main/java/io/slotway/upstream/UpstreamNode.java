package io.slotway.upstream;

import io.slotway.config.HostAndPort;
import io.slotway.config.Secret;
import io.slotway.config.UpstreamConfig;

import java.time.Duration;
import java.util.Optional;

/** One Redis server an upstream sends to, with what a connection needs to log in. Immutable. */
public record UpstreamNode(String upstream, HostAndPort address, Optional<String> username,
                           Optional<Secret> password, Duration connectTimeout, int connectionsPerLoop) {

    public static UpstreamNode of(UpstreamConfig config, HostAndPort address) {
        return new UpstreamNode(config.name(), address, config.username(), config.password(),
                config.timeouts().connect(), config.connectionsPerNode());
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
