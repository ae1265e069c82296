package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The seed bug's cluster form: one shard owning all 16384 slots must answer KEYS, not loop looking for more. */
class KeysOnOneShardClusterIT {

    @Test
    void keysOnOneShardClusterReturnsInsteadOfLooping() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, 0);
             TestSlotway slotway = TestSlotway.start(ClusterIT.config(cluster, "5s"))) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
                    Pipeline pipeline = jedis.pipelined();
                    for (int i = 0; i < 500; i++) {
                        pipeline.set("one:" + i, "v");
                    }
                    pipeline.sync();
                    assertThat(jedis.keys("*")).hasSize(500);
                    assertThat(jedis.dbSize()).isEqualTo(500);
                }
            });
        }
    }
}
