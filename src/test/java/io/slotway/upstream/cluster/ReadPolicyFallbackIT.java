package io.slotway.upstream.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.demo.LocalCluster;
import io.slotway.keyspace.ClusterSlots;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "prefer" read policies serve reads from the other role while every node of the preferred one is down. One
 * cluster of two shards whose replicas never take over, so a killed node stays dead: each test kills a node of
 * its own shard (the first owns slots 0-8191, the second 8192-16383).
 */
class ReadPolicyFallbackIT {

    private static LocalCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(2, 1, "--cluster-replica-no-failover", "yes");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void preferPrimaryReadsFromTheReplicaWhileThePrimaryIsDown() throws Exception {
        String key = keyInShard(0);
        try (TestSlotway slotway = TestSlotway.start(config("prefer-primary"));
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            jedis.set(key, "kept");
            LocalCluster.call(cluster.primaries().get(0), "WAIT", "1", "5000");
            cluster.primaries().get(0).kill();
            assertThat(eventuallyGet(jedis, key)).isEqualTo("kept");
            assertThat(String.valueOf(LocalCluster.call(cluster.replicas().get(0), "INFO", "commandstats")))
                    .contains("cmdstat_get:calls=");
        }
    }

    @Test
    void preferReplicaReadsFromThePrimaryWhileEveryReplicaIsDown() throws Exception {
        String key = keyInShard(1);
        try (TestSlotway slotway = TestSlotway.start(config("prefer-replica"));
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            jedis.set(key, "kept");
            LocalCluster.call(cluster.primaries().get(1), "WAIT", "1", "5000");
            assertThat(jedis.get(key)).isEqualTo("kept");
            cluster.replicas().get(1).kill();
            assertThat(eventuallyGet(jedis, key)).isEqualTo("kept");
            assertThat(String.valueOf(LocalCluster.call(cluster.primaries().get(1), "INFO", "commandstats")))
                    .contains("cmdstat_get:calls=");
        }
    }

    private static String keyInShard(int shard) {
        // Bounded: about half of all keys hash into each shard's slots.
        for (int i = 0; ; i++) {
            String key = "fallback:" + i;
            ByteBuf bytes = Unpooled.copiedBuffer(key, StandardCharsets.US_ASCII);
            int slot = ClusterSlots.slot(bytes, 0, bytes.readableBytes());
            bytes.release();
            if (slot / 8192 == shard) {
                return key;
            }
        }
    }

    private static String config(String readPolicy) {
        return """
                listen: 127.0.0.1:0
                event_loop_threads: 1
                upstreams:
                  main:
                    mode: cluster
                    read_policy: %s
                    refresh_interval: 1h
                    nodes: [%s]
                routes:
                  default: main
                timeouts:
                  connect: 500ms
                  command: 2s
                """.formatted(readPolicy, cluster.seeds());
    }

    /** The first reads after a kill find the connection lost; once a reconnect has failed the node counts as down. */
    private static String eventuallyGet(Jedis jedis, String key) throws InterruptedException {
        RuntimeException last = null;
        // Bounded: 50 tries, 100 ms apart.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return jedis.get(key);
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }
}
