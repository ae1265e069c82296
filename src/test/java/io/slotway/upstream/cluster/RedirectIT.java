package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Slots that move while Slotway holds an old map: MOVED is followed, ASK is honoured with ASKING. */
class RedirectIT {

    /** Finds a key whose slot the given primary owns. */
    private static String keyOwnedBy(LocalCluster cluster, LocalRedis owner) throws Exception {
        for (int i = 0; i < 100_000; i++) {
            String key = "moving:" + i;
            long slot = (Long) LocalCluster.call(owner, "CLUSTER", "KEYSLOT", key);
            List<?> slots = (List<?>) LocalCluster.call(owner, "CLUSTER", "SLOTS");
            for (Object range : slots) {
                List<?> r = (List<?>) range;
                List<?> node = (List<?>) r.get(2);
                if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1) && ((Long) node.get(1)) == owner.port()) {
                    return key;
                }
            }
        }
        throw new AssertionError("no key found");
    }

    /** Marks the key's slot migrating from {@code from} to {@code to} and moves the key; returns the slot. */
    private static String moveKeyMidMigration(LocalRedis from, LocalRedis to, String key) throws Exception {
        String slot = String.valueOf(LocalCluster.call(from, "CLUSTER", "KEYSLOT", key));
        LocalCluster.call(to, "CLUSTER", "SETSLOT", slot, "IMPORTING", id(from));
        LocalCluster.call(from, "CLUSTER", "SETSLOT", slot, "MIGRATING", id(to));
        LocalCluster.call(from, "MIGRATE", "127.0.0.1", Integer.toString(to.port()), key, "0", "5000");
        return slot;
    }

    private static String id(LocalRedis node) throws Exception {
        return String.valueOf(LocalCluster.call(node, "CLUSTER", "MYID"));
    }

    @Test
    void movedSlotIsFollowedWithAStaleSlotMap() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(2, 0);
             TestSlotway slotway = TestSlotway.start(ClusterIT.config(cluster, "1h"));
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            LocalRedis from = cluster.primaries().get(0);
            LocalRedis to = cluster.primaries().get(1);
            String key = keyOwnedBy(cluster, from);
            jedis.set(key, "before");
            String slot = moveKeyMidMigration(from, to, key);
            for (LocalRedis node : cluster.primaries()) {
                LocalCluster.call(node, "CLUSTER", "SETSLOT", slot, "NODE", id(to));
            }
            assertThat(jedis.get(key)).isEqualTo("before");
            assertThat(new AdminClient(slotway.server().adminPort()).get("/metrics").body())
                    .contains("slotway_upstream_redirects_total{kind=\"moved\",upstream=\"main\"} 1.0");
            assertThat(jedis.set(key, "after")).isEqualTo("OK");
            try (Jedis direct = new Jedis("127.0.0.1", to.port())) {
                assertThat(direct.get(key)).isEqualTo("after");
            }
        }
    }

    @Test
    void askDuringMigrationIsHonouredWithAsking() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(2, 0);
             TestSlotway slotway = TestSlotway.start(ClusterIT.config(cluster, "1h"));
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            LocalRedis from = cluster.primaries().get(0);
            LocalRedis to = cluster.primaries().get(1);
            String key = keyOwnedBy(cluster, from);
            jedis.set(key, "migrated");
            moveKeyMidMigration(from, to, key);
            // The key now lives on the importing node; the owner answers -ASK for it.
            assertThat(jedis.get(key)).isEqualTo("migrated");
            assertThat(new AdminClient(slotway.server().adminPort()).get("/metrics").body())
                    .contains("slotway_upstream_redirects_total{kind=\"ask\",upstream=\"main\"} 1.0");
        }
    }
}
