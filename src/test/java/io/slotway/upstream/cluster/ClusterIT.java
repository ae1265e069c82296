package io.slotway.upstream.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.CommonCommandSuite;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Non-cluster clients through Slotway in front of a real three-shard Redis Cluster with replicas. */
class ClusterIT {

    private static LocalCluster cluster;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(3, 1);
        slotway = TestSlotway.start(config(cluster, "1h"));
    }

    static String config(LocalCluster cluster, String refresh) {
        return """
                listen: 127.0.0.1:0
                event_loop_threads: 2
                upstreams:
                  main:
                    mode: cluster
                    refresh_interval: %s
                    nodes: [%s]
                routes:
                  default: main
                timeouts:
                  command: 10s
                admin: 127.0.0.1:0
                """.formatted(refresh, cluster.seeds());
    }

    @AfterAll
    static void stop() {
        slotway.close();
        cluster.close();
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 20_000);
    }

    @Test
    void adminShowsEverySlotRangeWithItsPrimaryAndReplicaAndCountsFanOuts() throws Exception {
        AdminClient admin = new AdminClient(slotway.server().adminPort());
        assertThat(admin.get("/ready").statusCode()).isEqualTo(200);
        JsonNode upstream = new ObjectMapper().readTree(admin.get("/clusters").body()).path("upstreams").get(0);
        assertThat(upstream.path("mode").asText()).isEqualTo("cluster");
        assertThat(upstream.path("shards")).hasSize(3);
        int slots = 0;
        for (JsonNode shard : upstream.path("shards")) {
            for (JsonNode range : shard.path("slots")) {
                slots += range.get(1).asInt() - range.get(0).asInt() + 1;
            }
            assertThat(shard.path("nodes")).extracting(node -> node.path("role").asText())
                    .containsExactly("primary", "replica");
            assertThat(shard.path("nodes")).allSatisfy(node -> assertThat(node.path("up").asBoolean()).isTrue());
        }
        assertThat(slots).isEqualTo(16384);
        try (Jedis jedis = client()) {
            jedis.dbSize();
        }
        String metrics = admin.get("/metrics").body();
        assertThat(metrics).containsPattern("slotway_topology_refreshes_total\\{result=\"ok\",upstream=\"main\"} [1-9]");
        assertThat(metrics).containsPattern("slotway_fanout_requests_total\\{upstream=\"main\"} [1-9]");
        assertThat(metrics).containsPattern("slotway_fanout_parts_total\\{upstream=\"main\"} ([3-9]|[1-9][0-9])");
    }

    @Test
    void commonCommandsWorkAsAgainstOneRedis() {
        try (Jedis jedis = client()) {
            new CommonCommandSuite(jedis, "cluster-common:").runAll();
        }
    }

    @Test
    void lettuceRunsCommonCommandsThroughSlotway() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:" + slotway.port());
        try (io.lettuce.core.api.StatefulRedisConnection<String, String> connection = client.connect()) {
            io.lettuce.core.api.sync.RedisCommands<String, String> redis = connection.sync();
            assertThat(redis.ping()).isEqualTo("PONG");
            for (int i = 0; i < 100; i++) {
                assertThat(redis.set("lc:" + i, "v" + i)).isEqualTo("OK");
            }
            assertThat(redis.mget("lc:1", "lc:50", "lc:99").stream().map(kv -> kv.getValue()))
                    .containsExactly("v1", "v50", "v99");
            redis.hset("lc:h", java.util.Map.of("a", "1"));
            assertThat(redis.hgetall("lc:h")).isEqualTo(java.util.Map.of("a", "1"));
            redis.rpush("lc:l", "x", "y");
            assertThat(redis.lrange("lc:l", 0, -1)).containsExactly("x", "y");
            assertThat(redis.sadd("{lc}s1", "a", "b")).isEqualTo(2);
            assertThat(redis.sadd("{lc}s2", "b")).isEqualTo(1);
            assertThat(redis.sinter("{lc}s1", "{lc}s2")).containsExactly("b");
            assertThat(redis.exists("lc:1", "lc:2", "lc:nope")).isEqualTo(2);
            assertThat((Object) redis.eval("return redis.call('GET', KEYS[1])", io.lettuce.core.ScriptOutputType.VALUE,
                    "lc:7")).isEqualTo("v7");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void keysOnThreeShardClusterWithReplicasReturnsEveryKeyExactlyOnce() {
        try (Jedis jedis = client()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 3_000; i++) {
                pipeline.set("ck:" + i, "v");
            }
            pipeline.sync();
            List<String> keys = new ArrayList<>(jedis.keys("ck:*"));
            assertThat(keys).hasSize(3_000).doesNotHaveDuplicates();
            for (LocalRedis primary : cluster.primaries()) {
                try (Jedis direct = new Jedis("127.0.0.1", primary.port())) {
                    assertThat(direct.keys("ck:*")).as("every shard holds some").isNotEmpty();
                }
            }
        }
    }

    @Test
    void keysWithReadPolicyReplicaReadsFromReplicasAndSeesEveryKeyOnce() throws Exception {
        String yaml = config(cluster, "1h").replace("mode: cluster", "mode: cluster\n    read_policy: replica");
        try (TestSlotway replicaReads = TestSlotway.start(yaml);
             Jedis jedis = new Jedis("127.0.0.1", replicaReads.port(), 20_000)) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 1_000; i++) {
                pipeline.set("rk:" + i, "v");
            }
            pipeline.sync();
            for (LocalRedis primary : cluster.primaries()) {
                LocalCluster.call(primary, "WAIT", "1", "5000");
            }
            List<String> keys = new ArrayList<>(jedis.keys("rk:*"));
            assertThat(keys).hasSize(1_000).doesNotHaveDuplicates();
            assertThat(jedis.mget("rk:1", "rk:500", "rk:999")).containsExactly("v", "v", "v");
            for (LocalRedis replica : cluster.replicas()) {
                String stats = String.valueOf(LocalCluster.call(replica, "INFO", "commandstats"));
                assertThat(stats).as("KEYS ran on replica %d", replica.port()).contains("cmdstat_keys:calls=");
            }
            long mgetsOnReplicas = 0;
            for (LocalRedis replica : cluster.replicas()) {
                mgetsOnReplicas += calls(replica, "mget");
            }
            assertThat(mgetsOnReplicas).as("MGET parts went to replicas").isPositive();
        }
    }

    private static long calls(LocalRedis node, String command) throws Exception {
        String stats = String.valueOf(LocalCluster.call(node, "INFO", "commandstats"));
        Matcher calls = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)")
                .matcher(stats);
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    @Test
    void mgetOfAThousandKeysAcrossSlotsKeepsKeyOrder() {
        try (Jedis jedis = client()) {
            String[] keys = new String[1_000];
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "mg:" + (999 - i);
                pipeline.set(keys[i], "v" + (999 - i));
            }
            pipeline.sync();
            List<String> values = jedis.mget(keys);
            for (int i = 0; i < keys.length; i++) {
                assertThat(values.get(i)).isEqualTo("v" + (999 - i));
            }
            assertThat(jedis.del(keys)).isEqualTo(1_000);
        }
    }

    @Test
    void keysInDifferentSlotsThatMustLiveTogetherGetCrossslot() {
        try (Jedis jedis = client()) {
            jedis.set("a", "1");
            assertThatThrownBy(() -> jedis.rename("a", "b"))
                    .hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
            jedis.set("{a}x", "1");
            assertThat(jedis.rename("{a}x", "{a}y")).isEqualTo("OK");
        }
    }

    @Test
    void fullScanVisitsEveryKeyOfEveryShard() {
        try (Jedis jedis = client()) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 20_000; i++) {
                pipeline.set("scan:" + i, "v");
            }
            pipeline.sync();
            Set<String> seen = new HashSet<>();
            String cursor = "0";
            int calls = 0;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(500).match("scan:*"));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
                calls++;
            } while (!cursor.equals("0") && calls < 10_000);
            assertThat(seen).hasSize(20_000);
        }
    }

    @Test
    void selectOtherThanZeroIsRefusedAsInCluster() {
        try (Jedis jedis = client()) {
            assertThatThrownBy(() -> jedis.select(1)).hasMessage("ERR SELECT is not allowed in cluster mode");
            assertThat(jedis.select(0)).isEqualTo("OK");
        }
    }

    @Test
    void clusterCommandsPresentSlotwayAsOneNodeOwningEverySlot() {
        try (Jedis jedis = client()) {
            assertThat(jedis.clusterInfo()).contains("cluster_state:ok").contains("cluster_known_nodes:1");
            assertThat(jedis.clusterKeySlot("foo")).isEqualTo(12182);
            assertThat(jedis.clusterNodes()).contains(":" + slotway.port()).contains("0-16383");
        }
    }

    @Test
    void clusterAwareClientWorksThroughSlotway() {
        try (JedisCluster jedisCluster = new JedisCluster(new HostAndPort("127.0.0.1", slotway.port()))) {
            for (int i = 0; i < 100; i++) {
                jedisCluster.set("jc:" + i, "v" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(jedisCluster.get("jc:" + i)).isEqualTo("v" + i);
            }
            assertThat(jedisCluster.getClusterNodes()).hasSize(1);
        }
    }
}
