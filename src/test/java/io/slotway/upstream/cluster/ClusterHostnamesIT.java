package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.ClusterMoves;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis 7 cluster that names its nodes by hostname (cluster-announce-hostname with
 * cluster-preferred-endpoint-type hostname): its slot map and its MOVED redirects say {@code localhost:port}, which
 * Slotway looks up off its event loops.
 */
class ClusterHostnamesIT {

    private static LocalCluster cluster;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(3, 0, "--cluster-announce-hostname", "localhost",
                "--cluster-preferred-endpoint-type", "hostname");
        String seeds = cluster.primaries().stream().map(node -> "\"localhost:" + node.port() + "\"")
                .collect(Collectors.joining(", "));
        slotway = TestSlotway.start("""
                listen: 127.0.0.1:0
                admin: 127.0.0.1:0
                upstreams:
                  main: {mode: cluster, nodes: [%s]}
                routes:
                  default: main
                """.formatted(seeds));
    }

    @AfterAll
    static void stop() {
        if (slotway != null) {
            slotway.close();
        }
        cluster.close();
    }

    @Test
    void slotMapNamesHostsAndSlotwayServesEveryShard() throws Exception {
        List<?> slots = (List<?>) LocalCluster.call(cluster.primaries().get(0), "CLUSTER", "SLOTS");
        assertThat(((List<?>) ((List<?>) slots.get(0)).get(2)).get(0)).isEqualTo("localhost");
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            for (int i = 0; i < 200; i++) {
                jedis.set("host:" + i, "v" + i);
            }
            for (int i = 0; i < 200; i++) {
                assertThat(jedis.get("host:" + i)).isEqualTo("v" + i);
            }
        }
        for (LocalRedis node : cluster.primaries()) {
            try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                assertThat(direct.dbSize()).isPositive();
            }
        }
    }

    @Test
    void movedRedirectNamingAHostIsFollowed() throws Exception {
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            jedis.set("moving", "before");
            LocalRedis from = ClusterMoves.owner(cluster, "moving");
            LocalRedis to = ClusterMoves.otherPrimary(cluster, from);
            ClusterMoves.moveSlot(cluster, "moving", from, to);
            try (Jedis direct = new Jedis("127.0.0.1", from.port())) {
                direct.getClient().sendCommand(redis.clients.jedis.Protocol.Command.GET, "moving");
                assertThat(catchMoved(direct)).contains("localhost:" + to.port());
            }
            assertThat(jedis.get("moving")).isEqualTo("before");
            assertThat(jedis.set("moving", "after")).isEqualTo("OK");
            try (Jedis direct = new Jedis("127.0.0.1", to.port())) {
                assertThat(direct.get("moving")).isEqualTo("after");
            }
        }
        String metrics = new AdminClient(slotway.server().adminPort()).get("/metrics").body();
        assertThat(metrics)
                .containsPattern("slotway_upstream_redirects_total\\{kind=\"moved\",upstream=\"main\"} [1-9]");
    }

    private static String catchMoved(Jedis direct) {
        try {
            direct.getClient().getOne();
            return "";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
