package io.slotway.testing;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Slotway in front of each upstream mode: one Redis node (standalone), three nodes (sharded) and a 3-shard
 * cluster, for tests that run the same behaviour in every mode ("standalone", "sharded", "cluster").
 */
public final class ThreeModes implements AutoCloseable {

    private LocalRedis redis;
    private TestSlotway standalone;
    private final List<LocalRedis> shards = new ArrayList<>();
    private TestSlotway sharded;
    private LocalCluster cluster;
    private TestSlotway clustered;

    private ThreeModes() {
    }

    /** Starts everything; closes what started when something cannot. */
    public static ThreeModes start() throws Exception {
        ThreeModes modes = new ThreeModes();
        try {
            modes.redis = LocalRedis.start();
            modes.standalone = TestSlotway.standalone(modes.redis.port());
            for (int i = 0; i < 3; i++) {
                modes.shards.add(LocalRedis.start());
            }
            modes.sharded = TestSlotway.start(TestSlotway.shardedYaml(modes.shards, ""));
            modes.cluster = LocalCluster.start(3, 0);
            modes.clustered = TestSlotway.start(TestSlotway.clusterYaml(modes.cluster, ""));
            return modes;
        } catch (Exception | Error e) {
            modes.close();
            throw e;
        }
    }

    /** The standalone upstream's node. */
    public LocalRedis redis() {
        return redis;
    }

    /** The Slotway in front of the standalone node. */
    public TestSlotway standalone() {
        return standalone;
    }

    public LocalCluster cluster() {
        return cluster;
    }

    /** The port of the Slotway in front of {@code mode}. */
    public int port(String mode) {
        return switch (mode) {
            case "standalone" -> standalone.port();
            case "sharded" -> sharded.port();
            default -> clustered.port();
        };
    }

    /** The nodes (primaries) behind {@code mode}. */
    public List<LocalRedis> nodes(String mode) {
        return switch (mode) {
            case "standalone" -> List.of(redis);
            case "sharded" -> shards;
            default -> cluster.primaries();
        };
    }

    @Override
    public void close() {
        // Arrays.asList, not List.of: a resource that never started is null.
        List<AutoCloseable> all = new ArrayList<>(Arrays.asList(clustered, cluster, sharded, standalone, redis));
        all.addAll(shards);
        Closing.all(all);
    }
}
