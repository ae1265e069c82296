package io.slotway.upstream;

import io.netty.buffer.ByteBuf;

import java.util.List;

/** A standalone upstream: one shard holds every key. */
public final class SingleShardTopology implements Topology {

    private final Shard shard;
    private final List<Shard> shards;

    public SingleShardTopology(Shard shard) {
        this.shard = shard;
        this.shards = List.of(shard);
    }

    @Override
    public List<Shard> shards() {
        return shards;
    }

    @Override
    public int groupFor(ByteBuf key, int offset, int length) {
        return 0;
    }

    @Override
    public boolean singleGroup() {
        return true;
    }

    @Override
    public Shard shardOfGroup(int group) {
        return shard;
    }
}
