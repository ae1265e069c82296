package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.slotway.config.HostAndPort;
import io.slotway.config.NodeConfig;
import io.slotway.bench.MicroBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Placing one key: the Redis Cluster slot (CRC16 of the key or its hash tag) and, for sharded upstreams, the ketama
 * ring point (FNV-1a 64 then a binary search over 3 nodes' points).
 */
public class KeyHashBenchmark extends MicroBenchmark {

    /** The ring a sharded upstream builds for these nodes. */
    private static KetamaRing ring(List<NodeConfig> nodes) {
        return new KetamaRing(nodes.stream().map(node -> new KetamaRing.Member(node.ringName(), node.weight()))
                .toList());
    }

    @Param({"key:000000000042", "{user:1000}:followers:since:2026-11-25", "session:8f14e45fceea167a5a36dedd4bea2543"})
    public String key;

    private final KetamaRing ring = ring(List.of(
            NodeConfig.of(new HostAndPort("127.0.0.1", 7000)),
            NodeConfig.of(new HostAndPort("127.0.0.1", 7001)),
            NodeConfig.of(new HostAndPort("127.0.0.1", 7002))));
    private ByteBuf buffer;

    @Setup(Level.Trial)
    public void encode() {
        buffer = PooledByteBufAllocator.DEFAULT.directBuffer();
        buffer.writeCharSequence(key, StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void release() {
        buffer.release();
    }

    @Benchmark
    public int clusterSlot() {
        return ClusterSlots.slot(buffer, 0, buffer.readableBytes());
    }

    @Benchmark
    public int ketamaNode() {
        return ring.nodeFor(KeyHashes.fnv1a64(buffer, 0, buffer.readableBytes()));
    }
}
