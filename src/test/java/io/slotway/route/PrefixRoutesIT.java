package io.slotway.route;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.Closing;
import io.slotway.testing.RawClient;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Prefix routes over real redis-server processes: a default standalone node, a sharded pair for {@code user:}, a
 * 3-shard cluster for the longer {@code user:vip:}, and a tenant node for {@code t1:} that removes its prefix and
 * sends reads to its replica.
 */
class PrefixRoutesIT {

    private static LocalRedis main;
    private static final List<LocalRedis> users = new ArrayList<>();
    private static LocalCluster vip;
    private static LocalRedis tenant;
    private static LocalRedis tenantReplica;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        main = LocalRedis.start();
        users.add(LocalRedis.start());
        users.add(LocalRedis.start());
        vip = LocalCluster.start(3, 0);
        tenant = LocalRedis.start();
        tenantReplica = LocalRedis.start("--replicaof", "127.0.0.1", Integer.toString(tenant.port()));
        slotway = TestSlotway.start("""
                listen: 127.0.0.1:0
                event_loop_threads: 2
                upstreams:
                  main: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                  users: {mode: sharded, nodes: ["127.0.0.1:%d", "127.0.0.1:%d"]}
                  vip: {mode: cluster, nodes: [%s]}
                  tenant: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                  tenant_replica: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                routes:
                  default: main
                  prefixes:
                    - {prefix: "user:", upstream: users}
                    - {prefix: "user:vip:", upstream: vip}
                    - {prefix: "t1:", upstream: tenant, remove_prefix: true, read_upstream: tenant_replica}
                timeouts:
                  command: 10s
                """.formatted(main.port(), users.get(0).port(), users.get(1).port(), vip.seeds(), tenant.port(),
                tenantReplica.port()));
    }

    @AfterAll
    static void stop() {
        Closing.all(java.util.Arrays.asList(slotway, main, users.get(0), users.get(1), vip, tenantReplica, tenant));
    }

    @BeforeEach
    void flush() {
        try (Jedis jedis = client()) {
            jedis.flushAll();
        }
        try (Jedis direct = direct(tenant)) {
            direct.waitReplicas(1, 5_000);
        }
    }

    /** Reads of t1: keys go to the replica: wait until it has every write so far. */
    private static void replicated() {
        try (Jedis primary = direct(tenant)) {
            assertThat(primary.waitReplicas(1, 10_000)).isEqualTo(1);
        }
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 20_000);
    }

    private static Jedis direct(LocalRedis node) {
        return new Jedis("127.0.0.1", node.port(), 10_000);
    }

    private static boolean onAnyVipNode(String key) {
        for (LocalRedis node : vip.primaries()) {
            try (Jedis direct = direct(node)) {
                if (direct.dbSize() > 0 && direct.keys("*").contains(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean onUsers(String key) {
        return users.stream().anyMatch(node -> {
            try (Jedis direct = direct(node)) {
                return direct.exists(key);
            }
        });
    }

    @Test
    void longestMatchingPrefixChoosesTheUpstream() {
        try (Jedis jedis = client()) {
            jedis.set("plain", "1");
            jedis.set("user:1", "2");
            jedis.set("user:vip:1", "3");
            jedis.set("t1:x", "4");
            replicated();
            assertThat(jedis.mget("plain", "user:1", "user:vip:1", "t1:x")).containsExactly("1", "2", "3", "4");
        }
        try (Jedis direct = direct(main)) {
            assertThat(direct.keys("*")).containsExactly("plain");
        }
        assertThat(onUsers("user:1")).isTrue();
        assertThat(onUsers("user:vip:1")).isFalse();
        assertThat(onAnyVipNode("user:vip:1")).isTrue();
    }

    @Test
    void removePrefixStoresKeysWithoutItAndClientsStillUseIt() {
        try (Jedis jedis = client()) {
            jedis.set("t1:x", "value");
            jedis.hset("t1:h", "f", "v");
            replicated();
            assertThat(jedis.get("t1:x")).isEqualTo("value");
            assertThat(jedis.exists("t1:x", "t1:h")).isEqualTo(2);
        }
        try (Jedis direct = direct(tenant)) {
            assertThat(direct.keys("*")).containsExactlyInAnyOrder("x", "h");
        }
    }

    @Test
    void keysListsEveryRouteOnceWithTheNamesClientsUsed() {
        try (Jedis jedis = client()) {
            jedis.mset("plain", "1", "user:1", "2", "user:2", "2", "user:vip:1", "3", "user:vip:2", "3", "t1:x", "4",
                    "t1:y", "5");
            replicated();
            assertThat(jedis.keys("*")).containsExactlyInAnyOrder("plain", "user:1", "user:2", "user:vip:1",
                    "user:vip:2", "t1:x", "t1:y");
            assertThat(jedis.keys("t1:*")).containsExactlyInAnyOrder("t1:x", "t1:y");
            // A pattern that does not spell the prefix out: the node is asked for every key, matched here.
            assertThat(jedis.keys("t?:x")).containsExactly("t1:x");
            assertThat(jedis.keys("*x")).containsExactly("t1:x");
            assertThat(jedis.keys("user:vip:*")).containsExactlyInAnyOrder("user:vip:1", "user:vip:2");
            assertThat(jedis.dbSize()).isEqualTo(7);
        }
    }

    @Test
    void scanWalksEveryShardOfEveryRoute() {
        Set<String> written = new HashSet<>();
        try (Jedis jedis = client()) {
            for (int i = 0; i < 60; i++) {
                for (String prefix : new String[] {"k:", "user:", "user:vip:", "t1:"}) {
                    jedis.set(prefix + i, "v");
                    written.add(prefix + i);
                }
            }
            replicated();
            assertThat(scanAll(jedis, new ScanParams().count(7))).isEqualTo(written);
            Set<String> tenantKeys = new HashSet<>();
            written.stream().filter(key -> key.startsWith("t1:")).forEach(tenantKeys::add);
            assertThat(scanAll(jedis, new ScanParams().match("t1:*").count(7))).isEqualTo(tenantKeys);
            assertThat(scanAll(jedis, new ScanParams().match("*:59"))).containsExactlyInAnyOrder("k:59", "user:59",
                    "user:vip:59", "t1:59");
        }
    }

    private static Set<String> scanAll(Jedis jedis, ScanParams params) {
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        // Bounded: every shard of every route ends its walk.
        for (int calls = 0; calls < 10_000; calls++) {
            ScanResult<String> page = jedis.scan(cursor, params);
            seen.addAll(page.getResult());
            cursor = page.getCursor();
            if (cursor.equals(ScanParams.SCAN_POINTER_START)) {
                return seen;
            }
        }
        throw new AssertionError("SCAN did not end");
    }

    @Test
    void randomKeyComesBackWithItsPrefix() {
        try (Jedis jedis = client()) {
            jedis.set("t1:only", "v");
            replicated();
            assertThat(jedis.randomKey()).isEqualTo("t1:only");
        }
    }

    @Test
    void multiKeyCommandsSplitAcrossRoutesAndKeepKeyOrder() {
        try (Jedis jedis = client()) {
            assertThat(jedis.mset("a", "1", "user:5", "2", "user:vip:7", "3", "t1:q", "4", "user:6", "5"))
                    .isEqualTo("OK");
            replicated();
            assertThat(jedis.mget("t1:q", "missing", "user:vip:7", "a", "user:6", "user:5", "t1:none"))
                    .containsExactly("4", null, "3", "1", "5", "2", null);
            assertThat(jedis.exists("a", "t1:q", "user:vip:7", "nope")).isEqualTo(3);
            assertThat(jedis.del("a", "t1:q", "user:vip:7", "user:5", "user:6")).isEqualTo(5);
            assertThat(jedis.dbSize()).isZero();
        }
    }

    @Test
    void commandThatCannotSplitIsRefusedNamingBothRoutes() {
        try (Jedis jedis = client()) {
            jedis.set("a", "1");
            assertThatThrownBy(() -> jedis.rename("a", "t1:a"))
                    .hasMessageContaining("CROSSSLOT")
                    .hasMessageContaining("routes.default (upstream main)")
                    .hasMessageContaining("prefix 't1:' (upstream tenant)");
            assertThat(jedis.get("a")).isEqualTo("1");
        }
    }

    @Test
    void readOnlyCommandsOfARouteGoToItsReadUpstream() {
        try (Jedis jedis = client(); Jedis primary = direct(tenant); Jedis replica = direct(tenantReplica)) {
            jedis.set("t1:r", "v");
            primary.waitReplicas(1, 5_000);
            primary.configResetStat();
            replica.configResetStat();
            for (int i = 0; i < 5; i++) {
                assertThat(jedis.get("t1:r")).isEqualTo("v");
            }
            jedis.incr("t1:n");
            assertThat(replica.info("commandstats")).contains("cmdstat_get:calls=5");
            assertThat(primary.info("commandstats")).doesNotContain("cmdstat_get").contains("cmdstat_incr:calls=1");
        }
    }

    @Test
    void cachingClientsReadFromTheRoutesUpstreamNotItsReadUpstream() throws Exception {
        try (RawClient tracker = new RawClient(slotway.port()); Jedis primary = direct(tenant);
             Jedis replica = direct(tenantReplica)) {
            tracker.call("HELLO", "3");
            tracker.call("SET", "t1:cached", "v");
            primary.waitReplicas(1, 5_000);
            primary.configResetStat();
            replica.configResetStat();
            tracker.call("CLIENT", "TRACKING", "on");
            tracker.call("GET", "t1:cached");
            // Its invalidations come from the primary, which a lagging replica could answer older than.
            assertThat(primary.info("commandstats")).contains("cmdstat_get:calls=1");
            assertThat(replica.info("commandstats")).doesNotContain("cmdstat_get");
        }
    }

    @Test
    void everyShardCommandsAreRefusedInsideATransactionWithPrefixRoutes() throws Exception {
        try (RawClient raw = new RawClient(slotway.port()); Jedis jedis = client()) {
            assertThat(raw.call("MULTI")).isEqualTo("+OK\r\n");
            // Refused whatever comes next: a later key could still take the transaction to a cluster.
            assertThat(raw.call("DBSIZE")).isEqualTo("-ERR DBSIZE reaches every shard, so it cannot run inside a "
                    + "transaction\r\n");
            assertThat(raw.call("SET", "t1:a", "1")).isEqualTo("+QUEUED\r\n");
            assertThat(raw.call("EXEC")).startsWith("-EXECABORT");
            assertThat(jedis.exists("t1:a")).isFalse();
        }
    }

    @Test
    void blockingPopNamesTheKeyAsTheClientDid() throws Exception {
        try (Jedis jedis = client(); Jedis pusher = client()) {
            CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> jedis.blpop(10, "t1:queue"));
            // Bounded: the pop blocks within a few seconds or the test fails on the future below.
            for (int i = 0; i < 100 && !popped.isDone() && blockedOnTenant() == 0; i++) {
                Thread.sleep(50);
            }
            pusher.rpush("t1:queue", "job");
            assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly("t1:queue", "job");
            pusher.rpush("t1:list", "a", "b");
            assertThat(pusher.lmpop(redis.clients.jedis.args.ListDirection.LEFT, "t1:list").getKey())
                    .isEqualTo("t1:list");
            pusher.xadd("t1:stream", StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
            replicated();
            List<Map.Entry<String, List<redis.clients.jedis.resps.StreamEntry>>> read = pusher.xread(
                    XReadParams.xReadParams().count(1), Map.of("t1:stream", new StreamEntryID()));
            assertThat(read.get(0).getKey()).isEqualTo("t1:stream");
        }
    }

    private static long blockedOnTenant() {
        try (Jedis direct = direct(tenant)) {
            String clients = direct.info("clients");
            int at = clients.indexOf("blocked_clients:");
            return Long.parseLong(clients.substring(at + 16, clients.indexOf('\r', at)));
        }
    }

    @Test
    void transactionRunsOnItsKeysRoute() {
        try (Jedis jedis = client()) {
            Transaction multi = jedis.multi();
            multi.sendCommand(redis.clients.jedis.Protocol.Command.PING, new String[0]);
            multi.set("t1:counter", "1");
            multi.incr("t1:counter");
            List<Object> results = multi.exec();
            assertThat(new String((byte[]) results.get(0))).isEqualTo("PONG");
            assertThat(results.subList(1, 3)).containsExactly("OK", 2L);
        }
        try (Jedis direct = direct(tenant)) {
            assertThat(direct.get("counter")).isEqualTo("2");
        }
    }

    @Test
    void transactionAcrossRoutesIsAbortedAndRunsNothing() {
        try (Jedis jedis = client()) {
            Transaction multi = jedis.multi();
            multi.set("t1:a", "1");
            multi.set("plain", "2");
            assertThatThrownBy(multi::exec).hasMessageContaining("EXECABORT");
            assertThat(jedis.exists("t1:a", "plain")).isZero();
        }
    }

    @Test
    void watchOnARemovedPrefixRouteGuardsTheTransaction() {
        try (Jedis jedis = client(); Jedis other = client()) {
            jedis.set("t1:w", "0");
            jedis.watch("t1:w");
            other.set("t1:w", "changed");
            Transaction multi = jedis.multi();
            multi.set("t1:w", "mine");
            assertThat(multi.exec()).isNull();
            assertThat(jedis.get("t1:w")).isEqualTo("changed");
        }
    }

    @Test
    void invalidationsNameKeysAsTheClientReadThem() throws Exception {
        try (RawClient target = new RawClient(slotway.port()); RawClient tracker = new RawClient(slotway.port())) {
            String targetId = target.call("CLIENT", "ID").substring(1).trim();
            target.call("SUBSCRIBE", "__redis__:invalidate");
            assertThat(tracker.call("CLIENT", "TRACKING", "on", "REDIRECT", targetId)).isEqualTo("+OK\r\n");
            tracker.call("SET", "t1:cached", "old");
            assertThat(tracker.call("MGET", "t1:cached", "plain")).isEqualTo("*2\r\n$3\r\nold\r\n$-1\r\n");
            try (Jedis direct = direct(tenant)) {
                // Straight on the node, where the key has no prefix: the client is told of the key it read.
                direct.set("cached", "new");
            }
            assertThat(RespTranscripts.readReply(target)).isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n"
                    + "__redis__:invalidate\r\n*1\r\n$9\r\nt1:cached\r\n");
        }
    }


    @Test
    void keyMatchingNoPrefixIsRefusedWhenThereIsNoDefault() throws Exception {
        try (TestSlotway strict = TestSlotway.start("""
                listen: 127.0.0.1:0
                upstreams:
                  tenant: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                routes:
                  unmatched: refuse
                  prefixes:
                    - {prefix: "t1:", upstream: tenant, remove_prefix: true}
                """.formatted(tenant.port()));
             Jedis jedis = new Jedis("127.0.0.1", strict.port(), 10_000)) {
            assertThatThrownBy(() -> jedis.get("other:1"))
                    .hasMessage("ERR no route for key 'other:1': it starts with no prefix of routes.prefixes, "
                            + "and routes.default is not set");
            jedis.set("t1:fine", "v");
            assertThat(jedis.keys("*")).containsExactly("t1:fine");
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }
}
