package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The seed bug: Envoy hung forever on KEYS against one node, counting shards by asking a host picker until it
 * saw a new host. Here the one-shard topologies answer every all-shard command straight away.
 */
class KeysOnSingleNodeIT {

    @Test
    void keysOnSingleNodeReturnsInsteadOfLooping() throws Exception {
        try (LocalRedis redis = LocalRedis.start(); TestSlotway slotway = TestSlotway.standalone(redis.port())) {
            assertAllKeysSeen(slotway);
        }
    }

    @Test
    void keysOnShardedUpstreamOfOneNodeReturnsInsteadOfLooping() throws Exception {
        try (LocalRedis redis = LocalRedis.start();
             TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), "")
                     .replace("mode: standalone", "mode: sharded"))) {
            assertAllKeysSeen(slotway);
        }
    }

    private static void assertAllKeysSeen(TestSlotway slotway) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
                Pipeline pipeline = jedis.pipelined();
                for (int i = 0; i < 500; i++) {
                    pipeline.set("seed:" + i, "v");
                }
                pipeline.sync();
                Set<String> keys = jedis.keys("*");
                assertThat(keys).hasSize(500);
                assertThat(jedis.dbSize()).isEqualTo(500);
                assertThat(jedis.randomKey()).startsWith("seed:");
                assertThat(jedis.scan("0").getResult()).isNotEmpty();
            }
        });
    }
}
