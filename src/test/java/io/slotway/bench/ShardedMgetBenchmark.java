package io.slotway.bench;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * MGET of 10 keys through a running Slotway in front of three real redis-servers (sharded mode, one event loop):
 * split per shard, three upstream round trips, replies merged back in key order. Pipelines of 16 MGETs, reported
 * per MGET; {@code -prof gc} shows what a fan-out allocates.
 */
public class ShardedMgetBenchmark extends ProxyBenchmark {

    private static final int PIPELINE = 16;
    private static final int KEYS = 10;
    private static final String VALUE = "v".repeat(32);

    private final List<LocalRedis> nodes = new ArrayList<>();
    private TestSlotway slotway;
    private PipelineClient client;
    private final ByteBuffer mgets = ByteBuffer.allocateDirect(8192);
    private int mgetReplyBytes;

    @Setup(Level.Trial)
    public void start() throws Exception {
        StringBuilder addresses = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            LocalRedis node = LocalRedis.start("--save", "", "--appendonly", "no");
            nodes.add(node);
            addresses.append(i == 0 ? "" : ", ").append("\"127.0.0.1:").append(node.port()).append('"');
        }
        slotway = TestSlotway.start("""
                listen: 127.0.0.1:0
                event_loop_threads: 1
                upstreams:
                  main:
                    mode: sharded
                    nodes: [%s]
                routes:
                  default: main
                """.formatted(addresses));
        client = new PipelineClient(slotway.port());
        String[] keys = Resp.keys("key:", KEYS);
        ByteBuffer sets = ByteBuffer.allocateDirect(4096);
        for (String key : keys) {
            sets.put(Resp.command("SET", key, VALUE));
        }
        sets.flip();
        client.roundTrip(sets, KEYS * "+OK\r\n".length());
        String[] mget = new String[KEYS + 1];
        mget[0] = "MGET";
        System.arraycopy(keys, 0, mget, 1, KEYS);
        for (int i = 0; i < PIPELINE; i++) {
            mgets.put(Resp.command(mget));
        }
        mgets.flip();
        mgetReplyBytes = PIPELINE * ("*10\r\n".length() + KEYS * ("$32\r\n".length() + VALUE.length() + 2));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        client.close();
        slotway.close();
        nodes.forEach(LocalRedis::close);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int mget() throws IOException {
        return client.roundTrip(mgets, mgetReplyBytes);
    }
}
