package io.slotway.upstream;

import io.netty.buffer.ByteBuf;
import io.slotway.config.HashFunction;
import io.slotway.config.ShardingConfig;
import io.slotway.keyspace.HashTag;
import io.slotway.keyspace.KetamaRing;
import io.slotway.keyspace.KeyHashes;

import java.util.List;

/** A sharded upstream: standalone nodes, keys placed on a ketama ring by the configured hash and hash tag. */
public final class KetamaTopology implements Topology {

    private final List<Shard> shards;
    private final KetamaRing ring;
    private final HashFunction hash;
    private final boolean tagged;
    private final byte tagOpen;
    private final byte tagClose;

    public KetamaTopology(List<Shard> shards, KetamaRing ring, ShardingConfig sharding) {
        this.shards = List.copyOf(shards);
        this.ring = ring;
        this.hash = sharding.hash();
        this.tagged = sharding.hashTag().isPresent();
        this.tagOpen = tagged ? (byte) sharding.hashTag().get().charAt(0) : 0;
        this.tagClose = tagged ? (byte) sharding.hashTag().get().charAt(1) : 0;
    }

    @Override
    public List<Shard> shards() {
        return shards;
    }

    /** A ring of one node: a group is a node. */
    @Override
    public boolean singleGroup() {
        return shards.size() == 1;
    }

    @Override
    public Shard shardOfGroup(int group) {
        return shards.get(group);
    }

    @Override
    public int groupFor(ByteBuf key, int offset, int length) {
        int from = offset;
        int count = length;
        if (tagged) {
            long part = HashTag.hashedPart(key, offset, length, tagOpen, tagClose);
            from = HashTag.offset(part);
            count = HashTag.length(part);
        }
        int keyHash = hash == HashFunction.MURMUR3 ? KeyHashes.murmur3(key, from, count)
                : KeyHashes.fnv1a64(key, from, count);
        return ring.nodeFor(keyHash);
    }
}
