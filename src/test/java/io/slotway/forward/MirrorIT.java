package io.slotway.forward;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.Closing;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mirroring over real redis-server processes: the default route copies writes to a 3-shard cluster, a prefix route
 * that removes its prefix copies to a standalone node; a stalled mirror never touches the client's replies.
 */
class MirrorIT {

    private static LocalRedis main;
    private static LocalCluster mirror;
    private static LocalRedis tenant;
    private static LocalRedis tenantMirror;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        main = LocalRedis.start();
        mirror = LocalCluster.start(3, 0);
        tenant = LocalRedis.start();
        tenantMirror = LocalRedis.start();
        slotway = TestSlotway.start("""
                listen: 127.0.0.1:0
                admin: 127.0.0.1:0
                event_loop_threads: 2
                upstreams:
                  main: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                  next: {mode: cluster, nodes: [%s]}
                  tenant: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                  tenant_next: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                routes:
                  default: main
                  default_mirror: [{upstream: next}]
                  prefixes:
                    - prefix: "t1:"
                      upstream: tenant
                      remove_prefix: true
                      mirror: [{upstream: tenant_next}]
                """.formatted(main.port(), mirror.seeds(), tenant.port(), tenantMirror.port()));
    }

    @AfterAll
    static void stop() {
        Closing.all(Arrays.asList(slotway, main, mirror, tenant, tenantMirror));
    }

    @BeforeEach
    void flush() {
        for (LocalRedis node : nodes()) {
            try (Jedis direct = direct(node)) {
                direct.flushAll();
                direct.configResetStat();
            }
        }
    }

    private static List<LocalRedis> nodes() {
        List<LocalRedis> nodes = new ArrayList<>(List.of(main, tenant, tenantMirror));
        nodes.addAll(mirror.primaries());
        return nodes;
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 20_000);
    }

    private static Jedis direct(LocalRedis node) {
        return new Jedis("127.0.0.1", node.port(), 10_000);
    }

    private static JedisCluster mirrorCluster() {
        return new JedisCluster(new HostAndPort("127.0.0.1", mirror.primaries().get(0).port()));
    }

    /** Copies arrive after the client's reply: wait for them, boundedly. */
    private static void eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void writesLandOnTheMirrorClusterAndReadsDoNot() throws Exception {
        try (Jedis jedis = client(); JedisCluster next = mirrorCluster()) {
            jedis.set("single", "1");
            String[] pairs = new String[20];
            for (int i = 0; i < 10; i++) {
                pairs[i * 2] = "multi:" + i;
                pairs[i * 2 + 1] = "v" + i;
            }
            assertThat(jedis.mset(pairs)).isEqualTo("OK");
            jedis.incr("counter");
            assertThat(jedis.get("single")).isEqualTo("1");
            eventually(() -> next.exists("counter"));
            for (LocalRedis node : mirror.primaries()) {
                try (Jedis direct = direct(node)) {
                    assertThat(direct.info("commandstats")).doesNotContain("cmdstat_get:");
                }
            }
            assertThat(next.get("counter")).isEqualTo("1");
            assertThat(next.get("single")).isEqualTo("1");
            for (int i = 0; i < 10; i++) {
                assertThat(next.get("multi:" + i)).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void transactionIsMirroredAsATransaction() throws Exception {
        try (Jedis jedis = client(); JedisCluster next = mirrorCluster()) {
            Transaction multi = jedis.multi();
            multi.set("tx:{a}", "1");
            multi.incr("tx:{a}");
            assertThat(multi.exec()).containsExactly("OK", 2L);
            eventually(() -> "2".equals(next.get("tx:{a}")));
            long execs = 0;
            for (LocalRedis node : mirror.primaries()) {
                try (Jedis direct = direct(node)) {
                    execs += direct.info("commandstats").contains("cmdstat_exec:calls=1") ? 1 : 0;
                }
            }
            assertThat(execs).isEqualTo(1);
        }
    }

    @Test
    void prefixRouteMirrorGetsItsKeysWithoutThePrefix() throws Exception {
        try (Jedis jedis = client(); Jedis tenantNext = direct(tenantMirror)) {
            jedis.set("t1:x", "v");
            jedis.mset("t1:y", "1", "plain", "2");
            // The route's key after another route's: its mirror still gets MSET with its own key alone.
            jedis.mset("plain2", "3", "t1:z", "4");
            eventually(() -> "4".equals(tenantNext.get("z")));
            assertThat(tenantNext.get("x")).isEqualTo("v");
            assertThat(tenantNext.get("y")).isEqualTo("1");
            // Each route's keys go to that route's mirror only.
            assertThat(tenantNext.exists("plain", "plain2")).isZero();
            tenantNext.set("keep", "1");
            jedis.del("keep", "t1:z");
            eventually(() -> !tenantNext.exists("z"));
            assertThat(tenantNext.get("keep")).isEqualTo("1");
        }
    }

    @Test
    void stalledMirrorNeitherDelaysNorFailsClientsAndDropsCopiesPastTheLimit() throws Exception {
        LocalRedis stalled = LocalRedis.start();
        try (TestSlotway bounded = TestSlotway.start("""
                listen: 127.0.0.1:0
                admin: 127.0.0.1:0
                event_loop_threads: 1
                limits: {mirror_pending_requests: 100}
                upstreams:
                  main: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                  stalled: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                routes:
                  default: main
                  default_mirror: [{upstream: stalled}]
                """.formatted(main.port(), stalled.port()));
             Jedis jedis = new Jedis("127.0.0.1", bounded.port(), 20_000)) {
            jedis.set("warm", "1");
            signal(stalled, "STOP");
            try {
                long end = System.nanoTime() + 10_000_000_000L;
                int written = 0;
                long slowestBatch = 0;
                // Bounded by count and by time: ten seconds of pipelined writes while the mirror is stopped.
                while (System.nanoTime() < end && written < 2_000_000) {
                    long batchStart = System.nanoTime();
                    Pipeline pipeline = jedis.pipelined();
                    List<Response<String>> replies = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        replies.add(pipeline.set("load:" + (written + i), "v"));
                    }
                    pipeline.sync();
                    for (Response<String> reply : replies) {
                        assertThat(reply.get()).isEqualTo("OK");
                    }
                    written += 1000;
                    slowestBatch = Math.max(slowestBatch, System.nanoTime() - batchStart);
                }
                // Had a write waited for the stopped mirror, a batch would have taken the whole ten seconds.
                assertThat(slowestBatch).isLessThan(TimeUnit.SECONDS.toNanos(3));
                // Client-side caching listens to the upstreams clients read from, never to a mirror.
                try (Jedis caching = new Jedis("127.0.0.1", bounded.port(), 20_000)) {
                    assertThat(caching.sendCommand(Protocol.Command.CLIENT, "TRACKING", "on"))
                            .isEqualTo("OK".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
                String metrics = new AdminClient(bounded.server().adminPort()).get("/metrics").body();
                long sent = metric(metrics, "sent");
                long dropped = metric(metrics, "dropped");
                // One loop: at most the limit in flight, the rest dropped and counted; the first copy went before.
                assertThat(sent).isBetween(1L, 101L);
                assertThat(dropped).isEqualTo(written + 1 - sent);
            } finally {
                signal(stalled, "CONT");
            }
            eventually(() -> {
                jedis.set("after", "1");
                try (Jedis direct = direct(stalled)) {
                    return "1".equals(direct.get("after"));
                }
            });
        } finally {
            stalled.close();
        }
    }

    private static long metric(String metrics, String result) {
        Matcher matcher = Pattern.compile("slotway_mirror_requests_total\\{result=\"" + result
                + "\",upstream=\"stalled\"} ([0-9.E]+)").matcher(metrics);
        return matcher.find() ? (long) Double.parseDouble(matcher.group(1)) : 0;
    }

    private static void signal(LocalRedis node, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start().waitFor();
    }
}
