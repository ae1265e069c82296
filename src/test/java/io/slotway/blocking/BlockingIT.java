package io.slotway.blocking;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking commands through Slotway, each on a dedicated connection from a bounded, reused pool, against real Redis:
 * woken as on Redis while other clients' commands keep flowing, timed by their own timeout, nothing popped for a
 * client that left, and later commands of the same client answered after them.
 */
class BlockingIT {

    private static LocalRedis single;
    private static TestSlotway slotway;
    private static final List<LocalRedis> shards = new ArrayList<>();
    private static TestSlotway sharded;
    private static LocalCluster cluster;
    private static TestSlotway clustered;
    private static final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() throws Exception {
        single = LocalRedis.start();
        // Command timeout far below the blocking timeouts used.
        slotway = TestSlotway.start(oneLoop(single.port(), """
                timeouts:
                  command: 100ms
                  dedicated_acquire: 300ms
                limits:
                  dedicated_connections_per_node: 100
                """));
        for (int i = 0; i < 3; i++) {
            shards.add(LocalRedis.start());
        }
        sharded = TestSlotway.start(TestSlotway.shardedYaml(shards, ""));
        cluster = LocalCluster.start(3, 0);
        clustered = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    /** Standalone on one event loop, so the dedicated pool's limits are the node's; and {@code extra} config. */
    private static String oneLoop(int redisPort, String extra) {
        return TestSlotway.standaloneYaml(redisPort, 1, extra);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        for (TestSlotway proxy : new TestSlotway[] {slotway, sharded, clustered}) {
            proxy.close();
        }
        single.close();
        shards.forEach(LocalRedis::close);
        cluster.close();
    }

    private static Jedis client(TestSlotway proxy) {
        return new Jedis("127.0.0.1", proxy.port(), 10_000);
    }

    private static long redisInfo(int port, String field) {
        try (Jedis direct = new Jedis("127.0.0.1", port)) {
            return redisInfo(direct, field);
        }
    }

    private static long redisInfo(Jedis direct, String field) {
        for (String line : direct.info().split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError("no " + field + " in INFO");
    }

    /** Waits (bounded) until Redis reports {@code count} blocked clients. */
    private static void awaitBlocked(int port, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (redisInfo(port, "blocked_clients") != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(redisInfo(port, "blocked_clients")).as("blocked clients on Redis").isEqualTo(count);
    }

    @Test
    void blpopZeroIsWokenByLpushWhileTenThousandGetsFromOtherClientsFlow() throws Exception {
        try (Jedis setup = client(slotway)) {
            setup.del("bq:woken");
            setup.set("bq:flow", "v");
        }
        Future<List<String>> blocked = pool.submit(() -> {
            try (Jedis jedis = client(slotway)) {
                return jedis.blpop(0, "bq:woken");
            }
        });
        awaitBlocked(single.port(), 1);
        AtomicInteger answered = new AtomicInteger();
        List<Future<?>> getters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            getters.add(pool.submit(() -> {
                try (Jedis jedis = client(slotway)) {
                    for (int i = 0; i < 2_500; i++) {
                        if ("v".equals(jedis.get("bq:flow"))) {
                            answered.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> getter : getters) {
            getter.get(60, TimeUnit.SECONDS);
        }
        assertThat(answered.get()).isEqualTo(10_000);
        assertThat(blocked.isDone()).as("still blocked while the GETs flowed").isFalse();
        try (Jedis pusher = client(slotway)) {
            pusher.lpush("bq:woken", "job");
        }
        assertThat(blocked.get(5, TimeUnit.SECONDS)).containsExactly("bq:woken", "job");
    }

    @Test
    void blpopReturnsNilAfterItsOwnTimeoutNotTheCommandTimeout() throws Exception {
        try (Jedis jedis = client(slotway)) {
            jedis.del("bq:empty");
            long start = System.nanoTime();
            List<String> popped = jedis.blpop(1.5, "bq:empty") == null ? null : List.of("?");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(popped).as("nil: the list stayed empty").isNull();
            assertThat(millis).as("waited its own 1.5 s, not timeouts.command (100 ms)").isBetween(1_400L, 5_000L);
            assertThat(jedis.ping()).isEqualTo("PONG");
        }
    }

    @Test
    void xreadBlockZeroIsWokenByXadd() throws Exception {
        try (Jedis setup = client(slotway)) {
            setup.del("bq:stream");
            setup.xadd("bq:stream", StreamEntryID.NEW_ENTRY, Map.of("first", "1"));
        }
        Future<List<Map.Entry<String, List<StreamEntry>>>> reader = pool.submit(() -> {
            try (Jedis jedis = client(slotway)) {
                return jedis.xread(XReadParams.xReadParams().block(0).count(1),
                        Map.of("bq:stream", StreamEntryID.LAST_ENTRY));
            }
        });
        awaitBlocked(single.port(), 1);
        try (Jedis writer = client(slotway)) {
            writer.xadd("bq:stream", StreamEntryID.NEW_ENTRY, Map.of("second", "2"));
        }
        List<Map.Entry<String, List<StreamEntry>>> read = reader.get(5, TimeUnit.SECONDS);
        assertThat(read).hasSize(1);
        assertThat(read.get(0).getValue().get(0).getFields()).containsEntry("second", "2");
    }

    @Test
    void aBlockedClientThatLeavesPopsNothing() throws Exception {
        try (Jedis setup = client(slotway)) {
            setup.del("bq:left");
        }
        RawClient raw = new RawClient(slotway.port());
        raw.send("BLPOP bq:left 0\r\n");
        awaitBlocked(single.port(), 1);
        raw.close();
        awaitBlocked(single.port(), 0);
        try (Jedis jedis = client(slotway)) {
            jedis.lpush("bq:left", "kept");
            assertThat(jedis.lrange("bq:left", 0, -1)).as("nobody popped it").containsExactly("kept");
        }
    }

    @Test
    void pipelinedCommandsBehindABlockingOneRunAndAnswerAfterIt() throws Exception {
        try (Jedis setup = client(slotway)) {
            setup.del("bq:pipe", "bq:after");
        }
        try (RawClient raw = new RawClient(slotway.port()); Jedis other = client(slotway)) {
            raw.send("BLPOP bq:pipe 0\r\nSET bq:after 1\r\nGET bq:after\r\n");
            awaitBlocked(single.port(), 1);
            assertThat(other.exists("bq:after")).as("held while the client is blocked, as Redis holds it").isFalse();
            other.rpush("bq:pipe", "x");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                    .containsExactly("*2", "$7", "bq:pipe", "$1", "x");
            assertThat(raw.readLine()).isEqualTo("+OK");
            assertThat(List.of(raw.readLine(), raw.readLine())).containsExactly("$1", "1");
        }
    }

    @Test
    void blockingCommandsReuseTheirDedicatedConnections() throws Exception {
        try (Jedis jedis = client(slotway); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            jedis.del("bq:reuse");
            jedis.blpop(0.01, "bq:reuse");
            long before = redisInfo(direct, "total_connections_received");
            for (int i = 0; i < 50; i++) {
                jedis.rpush("bq:reuse", "v" + i);
                assertThat(jedis.blpop(1, "bq:reuse")).containsExactly("bq:reuse", "v" + i);
            }
            assertThat(redisInfo(direct, "total_connections_received") - before)
                    .as("connections Redis accepted for 50 BLPOPs").isZero();
        }
    }

    @Test
    void clientsOverThePoolLimitGetTheLimitErrorNamingIt() throws Exception {
        try (Jedis setup = client(slotway)) {
            setup.del("bq:limit");
        }
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                RawClient raw = new RawClient(slotway.port());
                raw.send("BLPOP bq:limit 0\r\n");
                clients.add(raw);
            }
            awaitBlocked(single.port(), 100);
            int refused = 0;
            for (RawClient raw : clients) {
                raw.timeout(100);
                try {
                    String line = raw.readLine();
                    assertThat(line).contains("no dedicated connection available")
                            .contains("limits.dedicated_connections_per_node");
                    refused++;
                } catch (java.net.SocketTimeoutException stillBlocked) {
                    // One of the 100 that got a connection.
                }
            }
            assertThat(refused).isEqualTo(100);
        } finally {
            for (RawClient raw : clients) {
                raw.close();
            }
        }
        awaitBlocked(single.port(), 0);
    }

    @Test
    void aBurstOfBlockingClientsLargerThanTheNodesAcceptBacklogAllBlock() throws Exception {
        // Opening a dedicated connection per client all at once would overflow this node's accept queue: the dropped
        // connects time out and mark the node down, and every client of the burst gets an error.
        try (LocalRedis small = LocalRedis.start("--tcp-backlog", "64");
             TestSlotway proxy = TestSlotway.start(oneLoop(small.port(), """
                     limits:
                       dedicated_connections_per_node: 1000
                     """))) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 400; i++) {
                    clients.add(new RawClient(proxy.port()));
                }
                for (RawClient raw : clients) {
                    raw.send("BLPOP bq:burst 0\r\n");
                }
                awaitBlocked(small.port(), 400);
            } finally {
                for (RawClient raw : clients) {
                    raw.close();
                }
            }
        }
    }

    @Test
    void clientsWaitingForConnectsUnderWayAreToldSoWhenNoneIsReadyInTime() throws Exception {
        // A node that accepts and never answers: the first connections stay in their login, so the rest wait.
        try (FakeUpstream silent = new FakeUpstream();
             TestSlotway proxy = TestSlotway.start(oneLoop(silent.port(), """
                     timeouts:
                       dedicated_acquire: 100ms
                     """))) {
            List<RawClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    clients.add(new RawClient(proxy.port()).send("BLPOP bq:slow 0\r\n"));
                }
                String last = clients.get(clients.size() - 1).readLine();
                assertThat(last).startsWith("-ERR no dedicated connection available")
                        .contains("still opening connections to it, 32 at a time")
                        .contains("timeouts.dedicated_acquire");
            } finally {
                for (RawClient raw : clients) {
                    raw.close();
                }
            }
        }
    }

    @Test
    void blockingWorksOnShardedAndClusterUpstreams() throws Exception {
        for (TestSlotway proxy : new TestSlotway[] {sharded, clustered}) {
            for (String key : List.of("bq:{a}", "bq:{b}", "bq:{c}", "bq:{d}")) {
                CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> {
                    try (Jedis jedis = client(proxy)) {
                        return jedis.brpop(5, key);
                    }
                }, pool);
                Thread.sleep(50);
                try (Jedis pusher = client(proxy)) {
                    pusher.lpush(key, "job");
                }
                assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly(key, "job");
            }
            try (Jedis jedis = client(proxy)) {
                assertThat(jedis.sendCommand(redis.clients.jedis.Protocol.Command.BLPOP, "bq:{a}x", "bq:{b}y",
                        "0.01")).isNull();
            } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                assertThat(e.getMessage()).startsWith("CROSSSLOT");
            }
        }
    }

    @Test
    void clientUnblockWithSlotwayIdsEndsTheBlockedCommandAsRedisWould() throws Exception {
        try (RawClient blocked = new RawClient(slotway.port()); Jedis other = client(slotway)) {
            other.del("bq:unblock");
            assertThat(blocked.send("CLIENT ID\r\n").readLine()).startsWith(":");
            String id = blocked.send("CLIENT ID\r\n").readLine().substring(1);
            blocked.send("BLPOP bq:unblock 0\r\n");
            awaitBlocked(single.port(), 1);
            assertThat(other.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", id)).isEqualTo(1L);
            assertThat(blocked.readLine()).as("a timeout's nil").isEqualTo("*-1");
            blocked.send("BLPOP bq:unblock 0\r\n");
            awaitBlocked(single.port(), 1);
            assertThat(other.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", id, "ERROR"))
                    .isEqualTo(1L);
            assertThat(blocked.readLine()).isEqualTo("-UNBLOCKED client unblocked via CLIENT UNBLOCK");
            assertThat(other.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", id))
                    .as("not blocked now").isEqualTo(0L);
            assertThat(other.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "UNBLOCK", "987654321"))
                    .isEqualTo(0L);
            other.rpush("bq:unblock", "still-there");
            assertThat(blocked.send("BLPOP bq:unblock 0\r\n").readLine()).as("served as before").isEqualTo("*2");
        }
    }

    @Test
    void blockingCommandsWorkForAnUpstreamUserDeniedClientId() throws Exception {
        try (Jedis direct = new Jedis("127.0.0.1", single.port())) {
            direct.aclSetUser("no-client-id", "on", ">secret", "~*", "&*", "+@all", "-client|id");
        }
        try (TestSlotway limited = TestSlotway.start("""
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                    username: no-client-id
                    password: secret
                routes:
                  default: main
                """.formatted(single.port())); Jedis jedis = client(limited); Jedis other = client(limited)) {
            jedis.del("bq:acl");
            Future<List<String>> popped = pool.submit(() -> jedis.blpop(5, "bq:acl"));
            awaitBlocked(single.port(), 1);
            other.rpush("bq:acl", "v");
            assertThat(popped.get(5, TimeUnit.SECONDS)).containsExactly("bq:acl", "v");
            assertThat(other.ping()).as("the node is not marked down").isEqualTo("PONG");
        }
    }

    @Test
    void aDedicatedConnectionWhoseLoginIsNeverAnsweredFailsWithinTheStallTimeout() throws Exception {
        try (FakeUpstream silent = new FakeUpstream();
             TestSlotway proxy = TestSlotway.start("""
                     listen: 127.0.0.1:0
                     upstreams:
                       main:
                         mode: standalone
                         nodes: ["127.0.0.1:%d"]
                     routes:
                       default: main
                     timeouts:
                       command: 150ms
                       fanout: 150ms
                     """.formatted(silent.port()));
             RawClient raw = new RawClient(proxy.port())) {
            raw.send("BLPOP bq:never 0\r\n");
            assertThat(raw.readLine()).as("not a wait forever on a login nobody answers")
                    .startsWith("-ERR upstream").contains("no reply for 300 ms");
        }
    }
}
