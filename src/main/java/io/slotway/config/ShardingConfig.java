package io.slotway.config;

import java.util.Optional;

/**
 * Key placement for sharded upstreams: the hash function and the optional hash tag (two characters, e.g.
 * {@code "{}"}: only the part between them is hashed, so related keys can be kept together).
 */
public record ShardingConfig(HashFunction hash, Optional<String> hashTag) {

    public static final ShardingConfig DEFAULTS = new ShardingConfig(HashFunction.MURMUR3, Optional.empty());
}
