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
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MULTI/EXEC/DISCARD through Slotway as on one Redis: queued in Slotway, run as one unit on the client's own node
 * connection, in front of one node, three sharded nodes and a three-shard Redis Cluster.
 */
class TransactionIT {

    private static LocalRedis single;
    private static final List<LocalRedis> shards = new java.util.ArrayList<>();
    private static LocalCluster cluster;
    private static TestSlotway standalone;
    private static TestSlotway sharded;
    private static TestSlotway clustered;

    @BeforeAll
    static void start() throws Exception {
        single = LocalRedis.start();
        standalone = TestSlotway.start(TestSlotway.standaloneYaml(single.port(), ""));
        for (int i = 0; i < 3; i++) {
            shards.add(LocalRedis.start());
        }
        sharded = TestSlotway.start(TestSlotway.shardedYaml(shards, ""));
        cluster = LocalCluster.start(3, 0);
        clustered = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
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
    void jedisTransactionAnswersEveryCommandInOrderInEveryMode() {
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded, clustered}) {
            try (Jedis jedis = client(slotway)) {
                jedis.del("{tx}:a");
                Transaction transaction = jedis.multi();
                transaction.set("{tx}:a", "1");
                transaction.incr("{tx}:a");
                transaction.get("{tx}:a");
                transaction.exists("{tx}:a");
                assertThat(transaction.exec()).containsExactly("OK", 2L, "2", true);
                assertThat(jedis.get("{tx}:a")).isEqualTo("2");
            }
        }
    }

    @Test
    void transactionLargerThanACopiedFrameRunsWholeInEveryMode() {
        // Over 1 KB the unit's frame is pooled and written as it is, not copied into the connection's buffer.
        String value = "v".repeat(4096);
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded, clustered}) {
            try (Jedis jedis = client(slotway)) {
                Transaction transaction = jedis.multi();
                transaction.set("{tx}:large", value);
                transaction.strlen("{tx}:large");
                transaction.get("{tx}:large");
                assertThat(transaction.exec()).containsExactly("OK", 4096L, value);
            }
        }
    }

    @Test
    void pingAndKeylessCommandsQueueOnEveryTopology() throws Exception {
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded, clustered}) {
            try (RawClient raw = new RawClient(slotway.port())) {
                assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
                assertThat(raw.send("PING\r\n").readLine()).isEqualTo("+QUEUED");
                assertThat(raw.send("ECHO hi\r\n").readLine()).isEqualTo("+QUEUED");
                assertThat(raw.send("SET {p}:k v\r\n").readLine()).isEqualTo("+QUEUED");
                assertThat(raw.send("EXEC\r\n").readLine()).isEqualTo("*3");
                assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                        .containsExactly("+PONG", "$2", "hi", "+OK");
            }
        }
    }

    @Test
    void lettuceTransactionWorks() {
        RedisClient redis = RedisClient.create("redis://127.0.0.1:" + standalone.port());
        try (StatefulRedisConnection<String, String> connection = redis.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.multi();
            commands.set("lettuce:tx", "v");
            commands.append("lettuce:tx", "w");
            TransactionResult result = commands.exec();
            assertThat(result.wasDiscarded()).isFalse();
            assertThat(result.<Long>get(1)).isEqualTo(2L);
            assertThat(commands.get("lettuce:tx")).isEqualTo("vw");
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void aCommandRefusedWhileQueueingAbortsExecAndNothingIsWritten() throws Exception {
        try (RawClient raw = new RawClient(standalone.port()); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("SET abort:k 1\r\n").readLine()).isEqualTo("+QUEUED");
            assertThat(raw.send("NOSUCHCOMMAND\r\n").readLine()).startsWith("-ERR unknown command");
            assertThat(raw.send("GET\r\n").readLine()).isEqualTo("-ERR wrong number of arguments for 'get' command");
            assertThat(raw.send("EXEC\r\n").readLine())
                    .isEqualTo("-EXECABORT Transaction discarded because of previous errors.");
            assertThat(direct.exists("abort:k")).isFalse();
        }
    }

    @Test
    void errorsWhileExecRunsDoNotAbortTheRest() {
        try (Jedis jedis = client(standalone)) {
            jedis.set("run:text", "abc");
            Transaction transaction = jedis.multi();
            Response<Long> incr = transaction.incr("run:text");
            transaction.set("run:after", "done");
            List<Object> results = transaction.exec();
            assertThat(results.get(0)).isInstanceOf(Exception.class);
            assertThat(results.get(1)).isEqualTo("OK");
            assertThat(jedis.get("run:after")).isEqualTo("done");
            assertThat(incr).isNotNull();
        }
    }

    @Test
    void redisErrorsForNestingWatchAndMissingMulti() throws Exception {
        try (RawClient raw = new RawClient(standalone.port())) {
            assertThat(raw.send("EXEC\r\n").readLine()).isEqualTo("-ERR EXEC without MULTI");
            assertThat(raw.send("DISCARD\r\n").readLine()).isEqualTo("-ERR DISCARD without MULTI");
            assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("-ERR MULTI calls can not be nested");
            assertThat(raw.send("WATCH k\r\n").readLine()).isEqualTo("-ERR WATCH inside MULTI is not allowed");
            assertThat(raw.send("SET nest:k 1\r\n").readLine()).isEqualTo("+QUEUED");
            assertThat(raw.send("EXEC\r\n").readLine()).as("neither error aborts the transaction").isEqualTo("*1");
            assertThat(raw.readLine()).isEqualTo("+OK");
            assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("EXEC\r\n").readLine()).isEqualTo("*0");
            assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("SET discard:k 1\r\n").readLine()).isEqualTo("+QUEUED");
            assertThat(raw.send("DISCARD\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("EXISTS discard:k\r\n").readLine()).isEqualTo(":0");
        }
    }

    @Test
    void commandsPipelinedBeforeMultiAreSeenByTheTransaction() throws Exception {
        try (RawClient raw = new RawClient(standalone.port())) {
            raw.send("SET order:k before\r\nMULTI\r\nGET order:k\r\nPING\r\nEXEC\r\n");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine(),
                    raw.readLine(), raw.readLine(), raw.readLine()))
                    .containsExactly("+OK", "+OK", "+QUEUED", "+QUEUED", "*2", "$6", "before", "+PONG");
        }
    }

    @Test
    void keysOnTwoShardsAbortWithCrossslotAndNothingIsWritten() throws Exception {
        for (TestSlotway slotway : new TestSlotway[] {sharded, clustered}) {
            String other = slotway == sharded ? tagOnAnotherShardThan("one") : "two";
            try (RawClient raw = new RawClient(slotway.port()); Jedis jedis = client(slotway)) {
                assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
                assertThat(raw.send("SET {one}:k 1\r\n").readLine()).isEqualTo("+QUEUED");
                assertThat(raw.send("SET {" + other + "}:k 2\r\n").readLine())
                        .isEqualTo("-CROSSSLOT Keys in request don't hash to the same slot");
                assertThat(raw.send("KEYS *\r\n").readLine()).contains("cannot run inside a transaction");
                assertThat(raw.send("EXEC\r\n").readLine())
                        .isEqualTo("-EXECABORT Transaction discarded because of previous errors.");
                assertThat(jedis.exists("{one}:k", "{" + other + "}:k")).isZero();
            }
        }
    }

    /** A hash tag the sharded upstream places on another node than {@code tag}, found by writing probes. */
    private static String tagOnAnotherShardThan(String tag) {
        try (Jedis jedis = client(sharded)) {
            int home = shardHolding(jedis, "{" + tag + "}:probe");
            // Bounded: with three nodes, one of a few tags lands elsewhere.
            for (int i = 0; i < 64; i++) {
                if (shardHolding(jedis, "{other" + i + "}:probe") != home) {
                    return "other" + i;
                }
            }
        }
        throw new AssertionError("every tag landed on one node");
    }

    private static int shardHolding(Jedis jedis, String key) {
        jedis.set(key, "p");
        try {
            for (int i = 0; i < shards.size(); i++) {
                try (Jedis direct = new Jedis("127.0.0.1", shards.get(i).port())) {
                    if (direct.exists(key)) {
                        return i;
                    }
                }
            }
            throw new AssertionError(key + " is on no node");
        } finally {
            jedis.del(key);
        }
    }

    @Test
    void transactionsOpenNoConnectionsToRedis() {
        try (Jedis jedis = client(standalone); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            jedis.ping();
            jedis.set("warm", "1");
            long before = connectionsReceived(direct);
            for (int i = 0; i < 200; i++) {
                Transaction transaction = jedis.multi();
                transaction.incr("count:tx");
                transaction.exec();
            }
            assertThat(connectionsReceived(direct)).isEqualTo(before);
            assertThat(jedis.get("count:tx")).isEqualTo("200");
        }
    }

    private static long connectionsReceived(Jedis direct) {
        for (String line : direct.info("stats").split("\r\n")) {
            if (line.startsWith("total_connections_received:")) {
                // Less the one this INFO itself came over, which is already counted.
                return Long.parseLong(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new AssertionError("no total_connections_received");
    }

    @Test
    void localStateCommandsAreRefusedInsideATransaction() throws Exception {
        try (RawClient raw = new RawClient(standalone.port())) {
            assertThat(raw.send("MULTI\r\n").readLine()).isEqualTo("+OK");
            assertThat(raw.send("CLIENT SETNAME tx\r\n").readLine())
                    .isEqualTo("-ERR CLIENT SETNAME is not supported by Slotway inside a transaction");
            assertThat(raw.send("EXEC\r\n").readLine()).startsWith("-EXECABORT");
            assertThat(raw.send("PING\r\n").readLine()).isEqualTo("+PONG");
        }
    }

    @Test
    void selectInsideMultiRunsTheLaterCommandsInTheNewDatabaseAsRedisDoes() throws Exception {
        for (TestSlotway slotway : new TestSlotway[] {standalone, sharded}) {
            try (RawClient raw = new RawClient(slotway.port()); Jedis other = client(slotway)) {
                raw.send("MULTI\r\nSET {sel}:k zero\r\nSELECT 2\r\nSET {sel}:k two\r\nEXEC\r\n");
                assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                        .containsExactly("+OK", "+QUEUED", "+QUEUED", "+QUEUED");
                assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                        .containsExactly("*3", "+OK", "+OK", "+OK");
                assertThat(other.get("{sel}:k")).as("another client on the shared connection stays in 0")
                        .isEqualTo("zero");
                assertThat(raw.send("GET {sel}:k\r\n").readLine()).isEqualTo("$3");
                assertThat(raw.readLine()).as("the client is in database 2 after EXEC").isEqualTo("two");
                other.select(2);
                assertThat(other.get("{sel}:k")).isEqualTo("two");
                other.del("{sel}:k");
                other.select(0);
                other.del("{sel}:k");
            }
        }
    }

    @Test
    void commandsPipelinedAfterAnExecWithSelectRunInTheNewDatabase() throws Exception {
        try (RawClient raw = new RawClient(standalone.port()); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            direct.select(4);
            direct.set("{pipe}:k", "in four");
            raw.send("MULTI\r\nSELECT 4\r\nEXEC\r\nGET {pipe}:k\r\nSELECT 0\r\n");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine(), raw.readLine()))
                    .containsExactly("+OK", "+QUEUED", "*1", "+OK");
            assertThat(List.of(raw.readLine(), raw.readLine())).as("GET ran after EXEC, in database 4")
                    .containsExactly("$7", "in four");
            assertThat(raw.readLine()).isEqualTo("+OK");
            direct.del("{pipe}:k");
        }
    }

    @Test
    void aSelectRedisRefusesInsideMultiIsAnErrorInExecsReplyAndTheRestRuns() throws Exception {
        try (RawClient raw = new RawClient(standalone.port()); Jedis direct = new Jedis("127.0.0.1", single.port())) {
            raw.send("MULTI\r\nSELECT 99\r\nSET {bad}:k 1\r\nEXEC\r\n");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine())).containsExactly("+OK", "+QUEUED",
                    "+QUEUED");
            assertThat(List.of(raw.readLine(), raw.readLine(), raw.readLine()))
                    .containsExactly("*2", "-ERR DB index is out of range", "+OK");
            assertThat(direct.get("{bad}:k")).as("run in the database the client was in").isEqualTo("1");
            assertThat(raw.send("DEL {bad}:k\r\n").readLine()).as("and still in it").isEqualTo(":1");
        }
    }

    @Test
    void aTransactionWhoseSlotMovedRunsOnceOnTheNewOwner() throws Exception {
        try (TestSlotway stale = TestSlotway.start("""
                listen: 127.0.0.1:0
                upstreams:
                  main:
                    mode: cluster
                    refresh_interval: 1h
                    nodes: [%s]
                routes:
                  default: main
                """.formatted(cluster.seeds())); Jedis jedis = client(stale)) {
            String key = "{retry}:k";
            jedis.set(key, "before");
            LocalRedis from = ClusterMoves.owner(cluster, key);
            LocalRedis to = ClusterMoves.otherPrimary(cluster, from);
            ClusterMoves.moveSlot(cluster, key, from, to);
            Transaction transaction = jedis.multi();
            transaction.set(key, "after");
            transaction.incr("{retry}:count");
            assertThat(transaction.exec()).as("EXECABORT from the old owner ran nothing: sent again once")
                    .containsExactly("OK", 1L);
            try (Jedis direct = new Jedis("127.0.0.1", to.port())) {
                assertThat(direct.get(key)).isEqualTo("after");
                assertThat(direct.get("{retry}:count")).isEqualTo("1");
            }
        }
    }
}
