package io.slotway.transaction;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.ClusterMoves;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WATCH through Slotway guards its EXEC as on one Redis: it runs on a dedicated connection pinned from WATCH to
 * EXEC, DISCARD or UNWATCH, in front of one node, three sharded nodes and a three-shard Redis Cluster with replicas.
 */
class WatchIT {

    private static LocalRedis single;
    private static final List<LocalRedis> shards = new ArrayList<>();
    private static LocalCluster cluster;
    private static TestSlotway standalone;
    private static TestSlotway sharded;
    private static TestSlotway clustered;

    @BeforeAll
    static void start() throws Exception {
        single = LocalRedis.start();
        // One loop and one dedicated connection: every WATCH of every client reuses the same upstream connection.
        standalone = TestSlotway.start("""
                listen: 127.0.0.1:0
                event_loop_threads: 1
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                routes:
                  default: main
                limits:
                  dedicated_connections_per_node: 1
                """.formatted(single.port()));
        for (int i = 0; i < 3; i++) {
            shards.add(LocalRedis.start());
        }
        sharded = TestSlotway.start(TestSlotway.shardedYaml(shards, ""));
        cluster = LocalCluster.start(3, 1);
        clustered = TestSlotway.start("""
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: cluster
                    refresh_interval: 1h
                    nodes: [%s]
                routes:
                  default: main
                """.formatted(cluster.seeds()));
    }

    @AfterAll
    static void stop() {
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded, clustered}) {
            slotway.close();
        }
        single.close();
        shards.forEach(LocalRedis::close);
        cluster.close();
    }

    private static Jedis client(TestSlotway slotway) {
        return new Jedis("127.0.0.1", slotway.port(), 10_000);
    }

    @Test
    void aWatchedKeyChangedByAnotherClientMakesExecNilInEveryMode() {
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded, clustered}) {
            try (Jedis jedis = client(slotway); Jedis other = client(slotway)) {
                jedis.set("{w}:balance", "10");
                jedis.watch("{w}:balance");
                other.set("{w}:balance", "99");
                Transaction transaction = jedis.multi();
                transaction.set("{w}:balance", "11");
                transaction.set("{w}:log", "spent");
                assertThat(transaction.exec()).as("aborted by the other client's write").isNull();
                assertThat(jedis.get("{w}:balance")).isEqualTo("99");
                assertThat(jedis.exists("{w}:log")).isFalse();
            }
        }
    }

    @Test
    void anUnchangedWatchedKeyCommitsInEveryMode() {
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded, clustered}) {
            try (Jedis jedis = client(slotway)) {
                jedis.set("{c}:counter", "1");
                jedis.watch("{c}:counter");
                int value = Integer.parseInt(jedis.get("{c}:counter"));
                Transaction transaction = jedis.multi();
                transaction.set("{c}:counter", String.valueOf(value + 1));
                assertThat(transaction.exec()).containsExactly("OK");
                assertThat(jedis.get("{c}:counter")).isEqualTo("2");
            }
        }
    }

    @Test
    void unwatchAndDiscardDropTheGuard() throws Exception {
        try (RawClient raw = new RawClient(standalone.port()); Jedis other = client(standalone)) {
            assertThat(raw.send("WATCH u:k\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("UNWATCH\r\n").readLine()).isEqualTo("+OK");
            other.set("u:k", "changed");
            assertThat(raw.send("MULTI\r\nSET u:k mine\r\nEXEC\r\n").readLine()).isEqualTo("+OK");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine()))
                    .containsExactly("+QUEUED", "*1", "+OK");
            assertThat(raw.send("WATCH u:k\r\nMULTI\r\nDISCARD\r\n").readLine()).isEqualTo("+OK");
            assertThat(List.of(raw.readLine(), raw.readLine())).containsExactly("+OK", "+OK");
            other.set("u:k", "again");
            assertThat(raw.send("MULTI\r\nSET u:k last\r\nEXEC\r\n").readLine()).isEqualTo("+OK");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine()))
                    .as("DISCARD ended the watch, as in Redis").containsExactly("+QUEUED", "*1", "+OK");
        }
    }

    @Test
    void watchAndExecReuseOneUpstreamConnection() {
        try (Jedis jedis = client(standalone); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            jedis.watch("r:k");
            jedis.unwatch();
            long before = connectionsReceived(direct);
            for (int i = 0; i < 100; i++) {
                jedis.watch("r:k");
                Transaction transaction = jedis.multi();
                transaction.incr("r:k");
                assertThat(transaction.exec()).hasSize(1);
            }
            assertThat(connectionsReceived(direct)).as("connections opened for 100 watched transactions")
                    .isEqualTo(before);
        }
    }

    @Test
    void aClientKilledBetweenWatchAndExecLeavesTheNextUserOfItsConnectionUnaffected() throws Exception {
        try (RawClient killed = new RawClient(standalone.port())) {
            assertThat(killed.send("WATCH k:shared\r\n").readLine()).isEqualTo("+OK");
        }
        // The pool holds one connection, so the next WATCH gets the one the killed client watched on.
        try (Jedis next = client(standalone); Jedis other = client(standalone)) {
            next.watch("k:mine");
            other.set("k:shared", "changed after the killed client's WATCH");
            Transaction transaction = next.multi();
            transaction.set("k:mine", "committed");
            assertThat(transaction.exec()).as("not aborted by the killed client's watch").containsExactly("OK");
        }
    }

    @Test
    void execFailsWhenTheWatchConnectionIsLostAndNeverRunsUnguarded() throws Exception {
        try (RawClient raw = new RawClient(standalone.port()); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            direct.del("lost:k");
            assertThat(raw.send("WATCH lost:k\r\n").readLine()).isEqualTo("+OK");
            direct.clientKill(new redis.clients.jedis.params.ClientKillParams()
                    .type(redis.clients.jedis.args.ClientType.NORMAL).skipMe(
                            redis.clients.jedis.params.ClientKillParams.SkipMe.YES));
            raw.send("MULTI\r\nSET lost:k written\r\nEXEC\r\n");
            assertThat(List.of(raw.readLine(), raw.readLine())).containsExactly("+OK", "+QUEUED");
            // Either Slotway saw the kill before the EXEC came (and says the WATCH was lost), or the EXEC met the
            // dead connection (and gets the connection's loss): never a run without the guard.
            assertThat(raw.readLine()).matches("-ERR (the connection WATCH ran on was lost|upstream connection lost).*");
            assertThat(direct.exists("lost:k")).isFalse();
            // Past the short backoff after a connection the node dropped young.
            Thread.sleep(300);
            assertThat(raw.send("WATCH lost:k\r\nMULTI\r\nSET lost:k ok\r\nEXEC\r\n").readLine()).isEqualTo("+OK");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                    .as("WATCH works again after the failed EXEC").containsExactly("+OK", "+QUEUED", "*1", "+OK");
        }
    }

    @Test
    void selectBetweenWatchAndExecRunsNothingInEitherDatabase() throws Exception {
        try (RawClient raw = new RawClient(standalone.port()); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            direct.select(0);
            direct.del("db:k");
            assertThat(raw.send("WATCH db:k\r\nSELECT 1\r\nWATCH db:k\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.readLine()).isEqualTo("+OK");
            assertThat(raw.readLine()).startsWith("-ERR Slotway runs a client's WATCH on one node and database");
            raw.send("MULTI\r\nSET db:k v\r\nEXEC\r\n");
            assertThat(List.of(raw.readLine(), raw.readLine())).containsExactly("+OK", "+QUEUED");
            assertThat(raw.readLine()).startsWith("-ERR SELECT after WATCH");
            assertThat(direct.exists("db:k")).isFalse();
            direct.select(1);
            assertThat(direct.exists("db:k")).isFalse();
            raw.send("WATCH db:k\r\nMULTI\r\nSET db:k v\r\nEXEC\r\n");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                    .as("in database 1 after WATCH again").containsExactly("+OK", "+OK", "+QUEUED", "*1", "+OK");
            assertThat(direct.get("db:k")).isEqualTo("v");
        }
    }

    @Test
    void aSlotMigratedBetweenWatchAndExecAborts() throws Exception {
        LocalRedis from = ClusterMoves.owner(cluster, "{mig}:k");
        try (Jedis jedis = client(clustered)) {
            jedis.set("{mig}:k", "before");
            jedis.watch("{mig}:k");
            ClusterMoves.moveSlot(cluster, "{mig}:k", from, ClusterMoves.otherPrimary(cluster, from));
            Transaction transaction = jedis.multi();
            transaction.set("{mig}:k", "after");
            try {
                assertThat(transaction.exec()).as("aborted, never run on either node").isNull();
            } catch (redis.clients.jedis.exceptions.JedisDataException aborted) {
                assertThat(aborted.getMessage()).startsWith("EXECABORT");
            }
            assertThat(jedis.get("{mig}:k")).isEqualTo("before");
        }
    }

    @Test
    void lettuceWatchConflictDiscardsTheTransaction() {
        RedisClient redis = RedisClient.create("redis://127.0.0.1:" + sharded.port());
        try (StatefulRedisConnection<String, String> connection = redis.connect();
             Jedis other = client(sharded)) {
            RedisCommands<String, String> commands = connection.sync();
            commands.set("{l}:stock", "5");
            commands.watch("{l}:stock");
            other.decr("{l}:stock");
            commands.multi();
            commands.decr("{l}:stock");
            TransactionResult result = commands.exec();
            assertThat(result.wasDiscarded()).isTrue();
            assertThat(commands.get("{l}:stock")).isEqualTo("4");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void redisCliRunsAWatchedTransaction() throws Exception {
        Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(clustered.port())).redirectErrorStream(true)
                .start();
        cli.getOutputStream().write("WATCH {cli}:k\nMULTI\nSET {cli}:k v\nINCR {cli}:n\nEXEC\n"
                .getBytes(StandardCharsets.UTF_8));
        cli.getOutputStream().close();
        assertThat(cli.waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<String> lines = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))
                .lines().toList();
        assertThat(lines.get(0)).isEqualTo("OK");
        assertThat(lines.get(1)).isEqualTo("OK");
        assertThat(lines).contains("QUEUED", "OK");
        assertThat(lines.get(lines.size() - 1)).matches("\\d+");
    }

    private static long connectionsReceived(Jedis direct) {
        for (String line : direct.info("stats").split("\r\n")) {
            if (line.startsWith("total_connections_received:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new AssertionError("no total_connections_received");
    }
}
