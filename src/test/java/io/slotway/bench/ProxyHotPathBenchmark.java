package io.slotway.bench;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The whole per-request path of a running Slotway: decode the client's command, look it up, locate its key, route
 * it, forward its bytes to a real redis-server, match the reply and write it back. Slotway runs inside the JMH
 * process with one event loop, so {@code -prof gc}'s {@code gc.alloc.rate.norm} counts what Slotway allocates per
 * request (the client here allocates nothing: prebuilt direct buffers, replies counted by their known length).
 * Pipelines of 16 commands, reported per command. {@code upstream=cluster} puts a one-shard Redis Cluster behind it,
 * so each request also passes through the slot lookup and the redirect follower.
 */
public class ProxyHotPathBenchmark extends ProxyBenchmark {

    private static final int PIPELINE = 16;
    private static final String VALUE = "v".repeat(32);

    @Param({"standalone", "cluster"})
    public String upstream;

    private AutoCloseable redis;
    private TestSlotway slotway;
    private PipelineClient client;
    private final ByteBuffer gets = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer sets = ByteBuffer.allocateDirect(4096);
    private int getReplyBytes;
    private int setReplyBytes;

    @Setup(Level.Trial)
    public void start() throws Exception {
        if (upstream.equals("cluster")) {
            LocalCluster cluster = LocalCluster.start(1, 0);
            redis = cluster;
            slotway = TestSlotway.start("""
                    listen: 127.0.0.1:0
                    event_loop_threads: 1
                    upstreams:
                      main:
                        mode: cluster
                        nodes: [%s]
                    routes:
                      default: main
                    """.formatted(cluster.seeds()));
        } else {
            LocalRedis node = LocalRedis.start("--save", "", "--appendonly", "no");
            redis = node;
            slotway = TestSlotway.start(TestSlotway.standaloneYaml(node.port(), "")
                    .replace("event_loop_threads: 2", "event_loop_threads: 1"));
        }
        client = new PipelineClient(slotway.port());
        for (int i = 0; i < PIPELINE; i++) {
            String key = "key:" + String.format("%012d", i);
            gets.put(Resp.command("GET", key));
            sets.put(Resp.command("SET", key, VALUE));
        }
        gets.flip();
        sets.flip();
        setReplyBytes = PIPELINE * "+OK\r\n".length();
        getReplyBytes = PIPELINE * ("$32\r\n".length() + VALUE.length() + 2);
        client.roundTrip(sets, setReplyBytes);
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        client.close();
        slotway.close();
        redis.close();
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int get() throws IOException {
        return client.roundTrip(gets, getReplyBytes);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int set() throws IOException {
        return client.roundTrip(sets, setReplyBytes);
    }
}
