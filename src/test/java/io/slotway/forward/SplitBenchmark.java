package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.slotway.bench.MicroBenchmark;
import io.slotway.bench.Resp;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.command.KeyLocator;
import io.slotway.command.Mergers;
import io.slotway.command.ReplyMerger;
import io.slotway.config.ConfigLoader;
import io.slotway.protocol.Request;
import io.slotway.upstream.Shard;
import io.slotway.upstream.ShardedUpstream;
import io.slotway.upstream.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;

/**
 * MGET of 10 keys over 3 ketama shards: cutting the client's frame into one frame per shard, and putting the
 * shards' replies back in the client's key order. No network: replies are prebuilt.
 */
public class SplitBenchmark extends MicroBenchmark {

    private static final int KEYS = 10;
    private static final String VALUE = "v".repeat(32);

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final int[] keys = new int[KEYS];
    private Topology topology;
    private Request request;
    private CommandSpec spec;
    private ReplyMerger merger;
    private ByteBuf[] replies;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        topology = new ShardedUpstream(ConfigLoader.parse("""
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: sharded
                    nodes: ["127.0.0.1:7000", "127.0.0.1:7001", "127.0.0.1:7002"]
                routes:
                  default: main
                """, "bench").upstreams().get("main"), java.util.Optional.empty()).topology();
        String[] args = new String[KEYS + 1];
        args[0] = "MGET";
        System.arraycopy(Resp.keys("key:", KEYS), 0, args, 1, KEYS);
        request = Resp.request(args);
        spec = CommandTable.standard().lookup(request);
        merger = Mergers.forSpec(spec);
        KeyLocator.locate(spec, request, keys);
        Split split = split();
        replies = new ByteBuf[split.frames().length];
        for (int part = 0; part < replies.length; part++) {
            int count = split.plan().keyPositions()[part].length;
            replies[part] = alloc.directBuffer();
            replies[part].writeCharSequence("*" + count + "\r\n"
                    + ("$" + VALUE.length() + "\r\n" + VALUE + "\r\n").repeat(count), StandardCharsets.US_ASCII);
        }
        release(split);
    }

    @TearDown(Level.Trial)
    public void release() {
        request.release();
        for (ByteBuf reply : replies) {
            reply.release();
        }
    }

    private Split split() {
        return Split.byGroup(alloc, request, spec, Split.byTopology(null, topology, Shard::primary), keys, KEYS);
    }

    private static void release(Split split) {
        for (ByteBuf frame : split.frames()) {
            frame.release();
        }
    }

    @Benchmark
    public int splitMget() {
        Split split = split();
        int parts = split.frames().length;
        release(split);
        return parts;
    }

    @Benchmark
    public int splitAndMergeMget() {
        Split split = split();
        ByteBuf merged = merger.merge(alloc, replies, split.plan(), 2);
        int length = merged.readableBytes();
        merged.release();
        release(split);
        return length;
    }
}
