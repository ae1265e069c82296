package io.slotway.upstream;

import io.slotway.config.HostAndPort;
import io.slotway.config.Secret;

import java.time.Duration;
import java.util.Optional;

/** One Redis server an upstream sends to, with what a connection needs to log in. Immutable. */
public record UpstreamNode(String upstream, HostAndPort address, Optional<String> username,
                           Optional<Secret> password, Duration connectTimeout, int connectionsPerLoop) {

    @Override
    public String toString() {
        return address.toString();
    }
}
