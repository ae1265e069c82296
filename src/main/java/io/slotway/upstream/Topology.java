package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * Which shards an upstream has and where a key lives: an immutable value. The shard list is exactly the
 * topology's shards, each once, so fanning out visits each shard exactly once and always ends.
 *
 * <p>Keys map to a group first (Redis Cluster: the hash slot; sharded: the node; standalone: 0). Keys that a
 * command must use together have to share a group, and a command split across groups is cut per group.
 */
public interface Topology {

    List<Shard> shards();

    /** The group of the key in {@code key[offset, offset + length)}. */
    int groupFor(ByteBuf key, int offset, int length);

    /** The shard that holds every key of {@code group}. */
    Shard shardOfGroup(int group);

    /**
     * Every key is in one group (a standalone node, a sharded upstream of one node), so any command can go whole
     * to the one shard. A Redis Cluster never is: even with one shard, keys of different slots cannot be used
     * together.
     */
    boolean singleGroup();

    default Shard shardFor(ByteBuf key, int offset, int length) {
        return shardOfGroup(groupFor(key, offset, length));
    }
}
