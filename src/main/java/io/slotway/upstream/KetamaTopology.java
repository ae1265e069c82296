package io.slotway.upstream;

import io.netty.buffer.ByteBuf;
import io.slotway.config.HashFunction;
import io.slotway.config.ShardingConfig;
import io.slotway.keyspace.HashTag;
import io.slotway.keyspace.KetamaRing;
import io.slotway.keyspace.KeyHash;
import io.slotway.keyspace.KeyHashes;
import io.slotway.keyspace.TwemproxyCrc;
import io.slotway.keyspace.TwemproxyHashes;

import java.util.List;

/** A sharded upstream: standalone nodes, keys placed on a ketama ring by the configured hash and hash tag. */
public final class KetamaTopology implements Topology {

    private final List<Shard> shards;
    private final KetamaRing ring;
    /** The default's hash is called directly; any other through {@link #keyHash}. */
    private final boolean murmur3;
    private final KeyHash keyHash;
    private final boolean tagged;
    private final byte tagOpen;
    private final byte tagClose;

    public KetamaTopology(List<Shard> shards, KetamaRing ring, ShardingConfig sharding) {
        this.shards = List.copyOf(shards);
        this.ring = ring;
        this.murmur3 = sharding.hash() == HashFunction.MURMUR3;
        this.keyHash = keyHash(sharding.hash());
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
        return ring.nodeFor(murmur3 ? KeyHashes.murmur3(key, from, count) : keyHash.hash(key, from, count));
    }

    private static KeyHash keyHash(HashFunction hash) {
        return switch (hash) {
            case MURMUR3 -> KeyHashes::murmur3;
            case FNV1A_64 -> KeyHashes::fnv1a64;
            case FNV1_64 -> TwemproxyHashes::fnv164;
            case FNV1_32 -> TwemproxyHashes::fnv132;
            case FNV1A_32 -> TwemproxyHashes::fnv1a32;
            case ONE_AT_A_TIME -> TwemproxyHashes::oneAtATime;
            case MD5 -> TwemproxyHashes::md5;
            case CRC16 -> TwemproxyCrc::crc16;
            case CRC32 -> TwemproxyCrc::crc32;
            case CRC32A -> TwemproxyCrc::crc32a;
            case HSIEH -> TwemproxyHashes::hsieh;
            case MURMUR -> TwemproxyHashes::murmur;
            case JENKINS -> TwemproxyHashes::jenkins;
        };
    }
}
