package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Redis Cluster of one shard still refuses multi-key commands across slots, so Slotway splits them per slot as
 * it does for three shards: in cluster mode a key group is a slot, whatever the shard count.
 */
class OneShardClusterIT {

    private static LocalCluster cluster;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(1, 0);
        slotway = TestSlotway.start(ClusterIT.config(cluster, "5s"));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        cluster.close();
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 10_000);
    }

    @Test
    void mgetAcrossSlotsOnOneShardKeepsKeyOrder() {
        try (Jedis jedis = client()) {
            jedis.set("key:5", "five");
            jedis.set("key:400", "four hundred");
            jedis.set("key:77", "seventy-seven");
            assertThat(jedis.mget("key:5", "key:400", "nokey", "key:77"))
                    .containsExactly("five", "four hundred", null, "seventy-seven");
        }
    }

    @Test
    void msetDelExistsUnlinkAndTouchAcrossSlotsOnOneShard() {
        try (Jedis jedis = client()) {
            String[] keys = {"spread:a", "spread:b", "spread:c", "spread:d", "spread:e"};
            assertThat(jedis.mset("spread:a", "1", "spread:b", "2", "spread:c", "3", "spread:d", "4", "spread:e", "5"))
                    .isEqualTo("OK");
            assertThat(jedis.exists(keys)).isEqualTo(5);
            assertThat(jedis.touch(keys)).isEqualTo(5);
            assertThat(jedis.unlink("spread:a", "spread:b")).isEqualTo(2);
            assertThat(jedis.del(keys)).isEqualTo(3);
            assertThat(jedis.exists(keys)).isZero();
        }
    }

    @Test
    void unsplittableCommandAcrossSlotsOnOneShardIsCrossslotAsInRedis() {
        try (Jedis jedis = client()) {
            jedis.set("from:x", "v");
            assertThatThrownBy(() -> jedis.rename("from:x", "to:y"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            assertThat(jedis.get("from:x")).isEqualTo("v");
        }
    }

    @Test
    void keysAndScanOnOneShardSeeEveryKeyOnce() {
        try (Jedis jedis = client()) {
            for (int i = 0; i < 50; i++) {
                jedis.set("scan:" + i, "v");
            }
            assertThat(jedis.keys("scan:*")).hasSize(50);
            java.util.Set<String> seen = new java.util.HashSet<>();
            String cursor = "0";
            // Bounded: a full SCAN of 50 keys takes a handful of calls.
            for (int calls = 0; calls < 1000; calls++) {
                var page = jedis.scan(cursor, new redis.clients.jedis.params.ScanParams().match("scan:*"));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
                if (cursor.equals("0")) {
                    break;
                }
            }
            assertThat(cursor).isEqualTo("0");
            assertThat(seen).hasSize(50);
            assertThat(jedis.mget("scan:1", "scan:2")).containsExactly("v", "v");
        }
    }
}
