package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SortingParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A sharded upstream of three real redis-server nodes: keys spread, multi-key commands split, all-shard fan-out. */
class ShardedIT {

    private static final List<LocalRedis> nodes = new ArrayList<>();
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            LocalRedis node = LocalRedis.start();
            nodes.add(node);
            list.append(i == 0 ? "" : ", ").append("\"127.0.0.1:").append(node.port()).append('"');
        }
        slotway = TestSlotway.start("""
                listen: 127.0.0.1:0
                event_loop_threads: 2
                upstreams:
                  main:
                    mode: sharded
                    hash_tag: "{}"
                    nodes: [%s]
                routes:
                  default: main
                timeouts:
                  command: 10s
                """.formatted(list));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        nodes.forEach(LocalRedis::close);
    }

    @BeforeEach
    void flush() {
        for (LocalRedis node : nodes) {
            try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                direct.flushAll();
            }
        }
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 20_000);
    }

    private static void writeKeys(Jedis jedis, int count) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < count; i++) {
            pipeline.set("key:" + i, "value:" + i);
        }
        pipeline.sync();
    }

    @Test
    void keysSpreadOverEveryNode() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 3_000);
        }
        for (LocalRedis node : nodes) {
            try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                assertThat(direct.dbSize()).isBetween(500L, 1_500L);
            }
        }
    }

    @Test
    void keysOnThreeShardsReturnsEveryKeyExactlyOnce() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 2_000);
            List<String> keys = new ArrayList<>(jedis.keys("key:*"));
            assertThat(keys).hasSize(2_000).doesNotHaveDuplicates();
        }
    }

    @Test
    void dbsizeSumsEveryShard() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 1_234);
            assertThat(jedis.dbSize()).isEqualTo(1_234);
        }
    }

    @Test
    void mgetOfAThousandKeysAcrossShardsKeepsKeyOrder() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 1_000);
            String[] keys = new String[1_001];
            for (int i = 0; i < 1_000; i++) {
                keys[i] = "key:" + (999 - i);
            }
            keys[1_000] = "missing";
            List<String> values = jedis.mget(keys);
            for (int i = 0; i < 1_000; i++) {
                assertThat(values.get(i)).isEqualTo("value:" + (999 - i));
            }
            assertThat(values.get(1_000)).isNull();
        }
    }

    @Test
    void msetAcrossShardsSetsEveryKeyAndDelExistsSum() {
        try (Jedis jedis = client()) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pairs.add("m:" + i);
                pairs.add("v" + i);
            }
            assertThat(jedis.mset(pairs.toArray(new String[0]))).isEqualTo("OK");
            for (int i = 0; i < 50; i++) {
                assertThat(jedis.get("m:" + i)).isEqualTo("v" + i);
            }
            String[] keys = new String[51];
            for (int i = 0; i < 50; i++) {
                keys[i] = "m:" + i;
            }
            keys[50] = "m:none";
            assertThat(jedis.exists(keys)).isEqualTo(50);
            assertThat(jedis.touch(keys)).isEqualTo(50);
            assertThat(jedis.del(keys)).isEqualTo(50);
            assertThat(jedis.exists(keys)).isZero();
        }
    }

    @Test
    void largeValuesSplitAcrossShardsArriveWhole() {
        // Past ArrayFrame.COPY_LIMIT both the split parts and the merged reply are gathered, not copied.
        try (Jedis jedis = client()) {
            String[] pairs = new String[12];
            String[] keys = new String[6];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = "big:" + i;
                pairs[2 * i] = keys[i];
                pairs[2 * i + 1] = String.valueOf((char) ('a' + i)).repeat(i == 0 ? 10 : 40_000 + i);
            }
            assertThat(jedis.mset(pairs)).isEqualTo("OK");
            List<String> values = jedis.mget(keys);
            for (int i = 0; i < keys.length; i++) {
                assertThat(values.get(i)).isEqualTo(pairs[2 * i + 1]);
            }
        }
    }

    @Test
    void keysThatMustLiveTogetherButDoNotGetCrossslot() {
        try (Jedis jedis = client()) {
            jedis.set("a", "1");
            String other = null;
            for (int i = 0; i < 1_000 && other == null; i++) {
                try {
                    jedis.rename("a", "b" + i);
                    jedis.rename("b" + i, "a");
                } catch (Exception e) {
                    other = "b" + i;
                    assertThat(e).hasMessage("CROSSSLOT Keys in request don't hash to the same slot");
                }
            }
            assertThat(other).as("some key lands on another shard").isNotNull();
            String finalOther = other;
            assertThatThrownBy(() -> jedis.msetnx("a", "1", finalOther, "2"))
                    .hasMessageStartingWith("CROSSSLOT");
        }
    }

    @Test
    void sortStoreIsRoutedByBothItsKeys() {
        try (Jedis jedis = client()) {
            jedis.rpush("{s}src", "3", "1", "2");
            assertThat(jedis.sort("{s}src", new SortingParams(), "{s}dst")).isEqualTo(3);
            assertThat(jedis.lrange("{s}dst", 0, -1)).containsExactly("1", "2", "3");
            String elsewhere = null;
            for (int i = 0; i < 1_000 && elsewhere == null; i++) {
                try {
                    jedis.sort("{s}src", new SortingParams(), "dst" + i);
                    jedis.del("dst" + i);
                } catch (Exception e) {
                    elsewhere = "dst" + i;
                    assertThat(e).hasMessageStartingWith("CROSSSLOT");
                }
            }
            assertThat(elsewhere).as("some destination lands on another shard").isNotNull();
        }
    }

    @Test
    void hashTagsKeepKeysTogether() {
        try (Jedis jedis = client()) {
            for (int i = 0; i < 50; i++) {
                jedis.set("{user42}:" + i, "x");
                assertThat(jedis.rename("{user42}:" + i, "{user42}:renamed" + i)).isEqualTo("OK");
            }
            assertThat(jedis.sunionstore("{t}dst", "{t}a", "{t}b")).isZero();
        }
    }

    @Test
    void fullScanVisitsEveryKeyOfEveryShard() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 100_000);
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().count(1_000).match("key:*"));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
                calls++;
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && calls < 10_000);
            assertThat(cursor).isEqualTo("0");
            assertThat(seen).hasSize(100_000);
        }
    }

    @Test
    void keysReplyBeyondTheFanoutLimitIsRefusedWithAdviceToScan() throws Exception {
        String yaml = TestSlotway.standaloneYaml(nodes.get(0).port(), "limits:\n  max_fanout_reply_bytes: 2kb")
                .replace("mode: standalone", "mode: sharded")
                .replace("nodes: [\"127.0.0.1:" + nodes.get(0).port() + "\"]", "nodes: [\"127.0.0.1:"
                        + nodes.get(0).port() + "\", \"127.0.0.1:" + nodes.get(1).port() + "\"]");
        try (TestSlotway small = TestSlotway.start(yaml); Jedis jedis = new Jedis("127.0.0.1", small.port())) {
            // About 300 KB of keys per shard: each shard's reply is dropped while it arrives, not held whole.
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 30_000; i++) {
                pipeline.set("big-keys:" + i, "v");
            }
            pipeline.sync();
            for (int round = 0; round < 2; round++) {
                assertThatThrownBy(() -> jedis.keys("*")).hasMessageContaining("max_fanout_reply_bytes")
                        .hasMessageContaining("SCAN");
            }
            // The dropped replies left every upstream connection in step: the next replies are the right ones.
            assertThat(jedis.get("big-keys:7")).isEqualTo("v");
            assertThat(jedis.dbSize()).isEqualTo(30_000);
            assertThat(jedis.keys("big-keys:1234?")).hasSize(10);
        }
    }

    @Test
    void keysCanBeDeniedByPolicy() throws Exception {
        String yaml = TestSlotway.standaloneYaml(nodes.get(0).port(), "commands:\n  keys_policy: deny");
        try (TestSlotway denying = TestSlotway.start(yaml); Jedis jedis = new Jedis("127.0.0.1", denying.port())) {
            assertThatThrownBy(() -> jedis.keys("*")).hasMessageContaining("keys_policy: deny")
                    .hasMessageContaining("SCAN");
        }
    }

    @Test
    void infoHasASlotwaySectionAndTheKeyspaceOfEveryShard() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 300);
            String info = jedis.info();
            assertThat(info).contains("# Slotway").contains("slotway_shards:3").contains("slotway_mode:sharded")
                    .contains("redis_version:").contains("db0:keys=300,");
            assertThat(jedis.info("server")).contains("redis_version:").doesNotContain("# Keyspace");
        }
    }

    @Test
    void infoSumsEachShardsStatsAndPersistenceCounters() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 300);
            jedis.get("key:1");
            jedis.get("missing");
            long changes = 0;
            long hits = 0;
            long misses = 0;
            for (LocalRedis node : nodes) {
                try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
                    changes += field(direct.info("persistence"), "rdb_changes_since_last_save");
                    String stats = direct.info("stats");
                    hits += field(stats, "keyspace_hits");
                    misses += field(stats, "keyspace_misses");
                }
            }
            assertThat(changes).as("every write since the last save, on whichever node").isGreaterThanOrEqualTo(300);
            String persistence = jedis.info("persistence");
            assertThat(field(persistence, "rdb_changes_since_last_save")).isEqualTo(changes);
            String stats = jedis.info("stats");
            assertThat(field(stats, "keyspace_hits")).isEqualTo(hits).isPositive();
            assertThat(field(stats, "keyspace_misses")).isEqualTo(misses).isPositive();
        }
    }

    private static long field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError(name + " not in " + info);
    }

    @Test
    void flushdbEmptiesEveryShard() {
        try (Jedis jedis = client()) {
            writeKeys(jedis, 300);
            assertThat(jedis.flushDB()).isEqualTo("OK");
            assertThat(jedis.dbSize()).isZero();
        }
    }

    @Test
    void scriptLoadReachesEveryShardAndExistsIsAnsweredAsAnd() {
        try (Jedis jedis = client()) {
            String sha = jedis.scriptLoad("return 'hi'");
            assertThat(jedis.scriptExists(sha)).isTrue();
            try (Jedis direct = new Jedis("127.0.0.1", nodes.get(1).port())) {
                direct.scriptFlush();
            }
            assertThat(jedis.scriptExists(sha)).isFalse();
        }
    }

    @Test
    void shardErrorNamesTheShard() {
        try (Jedis jedis = client()) {
            List<String> pairs = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pairs.add("oom:" + i);
                pairs.add("v");
            }
            jedis.mset(pairs.toArray(new String[0]));
            try (Jedis direct = new Jedis("127.0.0.1", nodes.get(2).port())) {
                assertThat(direct.keys("oom:*")).as("some keys live on the node that will refuse writes").isNotEmpty();
                direct.configSet("maxmemory", "1");
                direct.configSet("maxmemory-policy", "noeviction");
                direct.set("filler", "x".repeat(1_000));
            } catch (Exception ignored) {
                // the filler may already be refused
            }
            try {
                assertThatThrownBy(() -> jedis.mset(pairs.toArray(new String[0])))
                        .hasMessageContaining("shard 127.0.0.1:" + nodes.get(2).port())
                        .hasMessageContaining("OOM");
            } finally {
                try (Jedis direct = new Jedis("127.0.0.1", nodes.get(2).port())) {
                    direct.configSet("maxmemory", "0");
                }
            }
        }
    }
}
