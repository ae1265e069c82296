package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The seed bug's cluster form: one shard owning all 16384 slots must answer KEYS, not loop looking for more; and a
 * three-shard cluster without replicas gets every key exactly once.
 */
class KeysOnOneShardClusterIT {

    @Test
    void keysOnOneShardClusterReturnsInsteadOfLooping() throws Exception {
        keysSeeEveryKeyOnce(1);
    }

    @Test
    void keysOnThreeShardClusterReturnsEveryKeyExactlyOnce() throws Exception {
        keysSeeEveryKeyOnce(3);
    }

    private static void keysSeeEveryKeyOnce(int shards) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(shards, 0);
             TestSlotway slotway = TestSlotway.start(ClusterIT.config(cluster, "5s"))) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
                    Pipeline pipeline = jedis.pipelined();
                    for (int i = 0; i < 500; i++) {
                        pipeline.set("one:" + i, "v");
                    }
                    pipeline.sync();
                    java.util.List<String> keys = new java.util.ArrayList<>(jedis.keys("*"));
                    assertThat(keys).hasSize(500).doesNotHaveDuplicates();
                    assertThat(jedis.dbSize()).isEqualTo(500);
                }
            });
        }
    }
}
