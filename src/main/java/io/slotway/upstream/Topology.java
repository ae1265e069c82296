package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Which shards an upstream has and which one holds a key: an immutable value. The shard list is exactly the
 * topology's shards, each once, so fanning out visits each shard exactly once and always ends.
 */
public interface Topology {

    List<Shard> shards();

    /** The shard that holds the key in {@code key[offset, offset + length)}. */
    Shard shardFor(ByteBuf key, int offset, int length);
}
