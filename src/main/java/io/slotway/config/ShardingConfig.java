package io.slotway.config;

import java.util.Optional;

/**
 * Key placement for sharded upstreams: the hash function and the optional hash tag (two characters, e.g.
 * {@code "{}"}: only the part between them is hashed, so related keys can be kept together). With
 * {@code ejectAfter} > 0, a node failing that many health checks in a row leaves the ring until it answers again
 * (its keys go to the other nodes meanwhile, as twemproxy's auto_eject_hosts does); 0 never ejects.
 */
public record ShardingConfig(HashFunction hash, Optional<String> hashTag, int ejectAfter) {

    public static final ShardingConfig DEFAULTS = new ShardingConfig(HashFunction.MURMUR3, Optional.empty(), 0);
}
