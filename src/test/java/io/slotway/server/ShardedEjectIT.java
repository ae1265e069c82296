package io.slotway.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Sharded mode's eject_after: a dead node leaves the ring and its keys go elsewhere, until it answers again. */
class ShardedEjectIT {

    @Test
    void deadNodeIsEjectedAfterFailedChecksAndReaddedWhenItAnswers() throws Exception {
        List<LocalRedis> nodes = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            nodes.add(LocalRedis.start());
            list.append(i == 0 ? "" : ", ").append("\"127.0.0.1:").append(nodes.get(i).port()).append('"');
        }
        try (TestSlotway slotway = TestSlotway.start("""
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: sharded
                    eject_after: 2
                    nodes: [%s]
                routes:
                  default: main
                admin: 127.0.0.1:0
                monitoring:
                  health_check_interval: 100ms
                """.formatted(list));
             Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
            AdminClient admin = new AdminClient(slotway.server().adminPort());
            LocalRedis victim = nodes.get(1);
            String key = keyOn(jedis, victim);
            int port = victim.port();
            victim.close();

            awaitShards(admin, 2);
            assertThat(admin.get("/metrics").body()).as("an ejected node stays visible, down")
                    .contains("slotway_upstream_node_up{node=\"127.0.0.1:" + port
                            + "\",role=\"ejected\",upstream=\"main\"} 0");
            assertThat(admin.get("/clusters").body()).contains("\"ejected\"", "127.0.0.1:" + port);
            // The key now lives on another node: written and read through Slotway without errors.
            assertThat(jedis.set(key, "while-ejected")).isEqualTo("OK");
            assertThat(jedis.get(key)).isEqualTo("while-ejected");
            assertThat(jedis.dbSize()).as("KEYS and DBSIZE visit the remaining shards only").isEqualTo(1);

            try (LocalRedis back = LocalRedis.startOnPort(port)) {
                awaitShards(admin, 3);
                assertThat(jedis.get(key)).as("the key's place is the returned node again, which is empty").isNull();
                assertThat(jedis.set(key, "back")).isEqualTo("OK");
                try (Jedis direct = new Jedis("127.0.0.1", port)) {
                    assertThat(direct.get(key)).isEqualTo("back");
                }
            }
        } finally {
            nodes.forEach(LocalRedis::close);
        }
    }

    /** A key Slotway places on {@code node}, found by writing through Slotway and looking on the node. */
    private static String keyOn(Jedis jedis, LocalRedis node) {
        try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
            // Bounded: with 3 nodes a third of the keys land on each; 300 tries all missing is impossible in practice.
            for (int i = 0; i < 300; i++) {
                String key = "eject:" + i;
                jedis.set(key, "v");
                if (direct.exists(key)) {
                    jedis.del(key);
                    return key;
                }
                jedis.del(key);
            }
        }
        throw new AssertionError("no key placed on " + node.port());
    }

    private static void awaitShards(AdminClient admin, int expected) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int shards = -1;
        // Bounded by the deadline.
        while (System.nanoTime() < deadline) {
            shards = json.readTree(admin.get("/clusters").body()).path("upstreams").get(0).path("shards").size();
            if (shards == expected) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(shards).as("shards on the ring").isEqualTo(expected);
    }
}
