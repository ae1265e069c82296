package io.slotway.server;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.slotway.demo.LocalCluster;
import io.slotway.demo.RedisBinary;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.Closing;
import io.slotway.testing.ThreeModes;
import io.slotway.testing.RawClient;
import io.slotway.testing.RespTranscripts;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * RESP3 clients through Slotway in every upstream mode: Lettuce and Jedis made to speak RESP3 (failing rather than
 * falling back), redis-cli -3, a subscriber that runs commands between pushes, and a switch of protocol that must not
 * let later commands overtake earlier ones.
 */
class Resp3ClientsIT {

    private static ThreeModes modes;

    @BeforeAll
    static void start() throws Exception {
        modes = ThreeModes.start();
    }

    @AfterAll
    static void stop() {
        Closing.all(Arrays.asList(modes));
    }

    private static int port(String mode) {
        return modes.port(mode);
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "sharded", "cluster"})
    void lettuceSpeaksResp3(String mode) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port(mode));
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String hash = "lettuce:" + mode + ":hash";
            redis.hset(hash, Map.of("a", "1", "b", "2"));
            assertThat(redis.hgetall(hash)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
            redis.zadd("lettuce:" + mode + ":zset", 1.5, "m");
            assertThat(redis.zscore("lettuce:" + mode + ":zset", "m")).isEqualTo(1.5);
            redis.set("lettuce:" + mode + ":a", "x");
            // Split across shards in sharded and cluster mode; the merged reply's missing values are RESP3 nulls.
            assertThat(redis.mget("lettuce:" + mode + ":a", "lettuce:" + mode + ":missing"))
                    .extracting(value -> value.getValueOrElse(null)).containsExactly("x", null);
            assertThat(redis.smembers("lettuce:" + mode + ":noset")).isEmpty();
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "sharded", "cluster"})
    void jedisSpeaksResp3(String mode) {
        try (Jedis jedis = new Jedis("127.0.0.1", port(mode),
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
            String hash = "jedis:" + mode + ":hash";
            jedis.hset(hash, Map.of("f", "v"));
            assertThat(jedis.hgetAll(hash)).isEqualTo(Map.of("f", "v"));
            jedis.zadd("jedis:" + mode + ":zset", 2.5, "m");
            assertThat(jedis.zscore("jedis:" + mode + ":zset", "m")).isEqualTo(2.5);
            assertThat(jedis.zrangeWithScores("jedis:" + mode + ":zset", 0, -1)).hasSize(1);
            assertThat(jedis.get("jedis:" + mode + ":missing")).isNull();
            assertThat(jedis.dbSize()).isPositive();
        }
    }

    @Test
    void redisCliDashThreeShowsMapsAndDoubles() throws Exception {
        Path cli = RedisBinary.onPath("redis-cli");
        assumeThat(cli).as("redis-cli on PATH (Debian: redis-tools)").isNotNull();
        redisCli(cli, "HSET", "cli3:hash", "f1", "v1");
        redisCli(cli, "ZADD", "cli3:zset", "1.5", "m");
        assertThat(redisCli(cli, "-3", "--no-raw", "HGETALL", "cli3:hash")).isEqualTo("1# \"f1\" => \"v1\"");
        assertThat(redisCli(cli, "-3", "--no-raw", "ZSCORE", "cli3:zset", "m")).isEqualTo("(double) 1.5");
        assertThat(redisCli(cli, "-3", "--no-raw", "GET", "cli3:missing")).isEqualTo("(nil)");
    }

    @Test
    void helloThreeWaitsForTheRepliesBeforeIt() throws Exception {
        // The node holds writes for a while: a GET sent on a RESP3 connection while the SET still waits on a RESP2
        // one would run first and find nothing.
        LocalCluster.call(modes.redis(), "DEL", "switch:key");
        LocalCluster.call(modes.redis(), "CLIENT", "PAUSE", "500", "WRITE");
        try (RawClient client = new RawClient(modes.standalone().port())) {
            client.send(RespTranscripts.encode(List.of("SET", "switch:key", "written"))
                    + RespTranscripts.encode(List.of("HELLO", "3"))
                    + RespTranscripts.encode(List.of("GET", "switch:key")));
            assertThat(RespTranscripts.readReply(client)).isEqualTo("+OK\r\n");
            assertThat(RespTranscripts.readReply(client)).startsWith("%7\r\n");
            assertThat(RespTranscripts.readReply(client)).isEqualTo("$7\r\nwritten\r\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"standalone", "cluster"})
    void resp3SubscriberRunsCommandsBetweenPushesAsRedisDoes(String mode) throws Exception {
        int direct = mode.equals("standalone") ? modes.redis().port() : modes.cluster().primaries().get(0).port();
        List<List<String>> commands = RespTranscripts.parse("HELLO 3; SUBSCRIBE news; PSUBSCRIBE n*; CLIENT GETNAME;"
                + " PING; ECHO hi; UNSUBSCRIBE news; PUNSUBSCRIBE n*; PING");
        assertThat(RespTranscripts.transcript(port(mode), commands, Resp3ClientsIT::withoutHello))
                .isEqualTo(RespTranscripts.transcript(direct, commands, Resp3ClientsIT::withoutHello))
                .contains(">3\\r\\n$9\\r\\nsubscribe\\r\\n$4\\r\\nnews\\r\\n:1\\r\\n");
    }

    @Test
    void resp3SubscriberGetsMessagesAsPushesNeverInsideAReply() throws Exception {
        try (RawClient subscriber = new RawClient(modes.standalone().port())) {
            subscriber.send(RespTranscripts.encode(List.of("HELLO", "3"))
                    + RespTranscripts.encode(List.of("SUBSCRIBE", "pushes")));
            RespTranscripts.readReply(subscriber);
            assertThat(RespTranscripts.readReply(subscriber)).startsWith(">3\r\n$9\r\nsubscribe\r\n");
            LocalCluster.call(modes.redis(), "HSET", "pushes:hash", "f", "v");
            LocalCluster.call(modes.redis(), "PUBLISH", "pushes", "hello");
            subscriber.send(RespTranscripts.encode(List.of("HGETALL", "pushes:hash")));
            // The message was published first, so it comes first; then the map, whole.
            assertThat(RespTranscripts.readReply(subscriber))
                    .isEqualTo(">3\r\n$7\r\nmessage\r\n$6\r\npushes\r\n$5\r\nhello\r\n");
            assertThat(RespTranscripts.readReply(subscriber)).isEqualTo("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
            subscriber.send(RespTranscripts.encode(List.of("MULTI")));
            assertThat(RespTranscripts.readReply(subscriber)).startsWith("-ERR MULTI while subscribed");
        }
    }

    @Test
    void aBlockedResp3SubscriberStillGetsItsPushes() throws Exception {
        try (RawClient subscriber = new RawClient(modes.standalone().port())) {
            subscriber.send(RespTranscripts.encode(List.of("HELLO", "3"))
                    + RespTranscripts.encode(List.of("SUBSCRIBE", "while-blocked")));
            RespTranscripts.readReply(subscriber);
            RespTranscripts.readReply(subscriber);
            subscriber.send(RespTranscripts.encode(List.of("BLPOP", "blocked:queue", "0")));
            // Bounded: 100 tries, 50 ms apart, for the BLPOP to reach its node; each publish reaches one subscriber.
            long receivers = 0;
            for (int i = 0; i < 100 && receivers == 0; i++) {
                Thread.sleep(50);
                receivers = (Long) LocalCluster.call(modes.redis(), "PUBLISH", "while-blocked", "hello");
            }
            assertThat(RespTranscripts.readReply(subscriber))
                    .isEqualTo(">3\r\n$7\r\nmessage\r\n$13\r\nwhile-blocked\r\n$5\r\nhello\r\n");
            LocalCluster.call(modes.redis(), "RPUSH", "blocked:queue", "job");
            String popped = RespTranscripts.readReply(subscriber);
            // Publishes that raced the BLPOP may come first; the pop's reply follows them.
            while (popped.startsWith(">")) {
                popped = RespTranscripts.readReply(subscriber);
            }
            assertThat(popped).isEqualTo("*2\r\n$13\r\nblocked:queue\r\n$3\r\njob\r\n");
        }
    }

    @Test
    void aWatchConflictInResp3AnswersNullAndKeepsItsConnection() throws Exception {
        try (RawClient client = new RawClient(modes.standalone().port())) {
            RespTranscripts.readReply(client.send(RespTranscripts.encode(List.of("HELLO", "3"))));
            long before = connectionsReceived();
            // Bounded: 20 watched transactions, each broken by a write from elsewhere.
            for (int i = 0; i < 20; i++) {
                client.send(RespTranscripts.encode(List.of("WATCH", "resp3:watched")));
                assertThat(RespTranscripts.readReply(client)).isEqualTo("+OK\r\n");
                LocalCluster.call(modes.redis(), "SET", "resp3:watched", Integer.toString(i));
                client.send(RespTranscripts.encode(List.of("MULTI")) + RespTranscripts.encode(
                        List.of("SET", "resp3:watched", "mine")) + RespTranscripts.encode(List.of("EXEC")));
                assertThat(RespTranscripts.readReply(client)).isEqualTo("+OK\r\n");
                assertThat(RespTranscripts.readReply(client)).isEqualTo("+QUEUED\r\n");
                assertThat(RespTranscripts.readReply(client)).isEqualTo("_\r\n");
            }
            // The first WATCH opened a dedicated connection (and each LocalCluster.call one of its own); no more.
            assertThat(connectionsReceived() - before).isLessThanOrEqualTo(1 + 20 + 1);
        }
    }

    private static long connectionsReceived() throws IOException {
        String stats = (String) LocalCluster.call(modes.redis(), "INFO", "stats");
        return Long.parseLong(stats.replaceAll("(?s).*total_connections_received:(\\d+).*", "$1"));
    }

    @Test
    void resp2AndResp3ClientsOnOneSlotwayEachGetTheirOwnShapes() throws Exception {
        LocalCluster.call(modes.redis(), "HSET", "shapes:hash", "f", "v");
        try (RawClient two = new RawClient(modes.standalone().port()); RawClient three = new RawClient(modes.standalone().port())) {
            three.send(RespTranscripts.encode(List.of("HELLO", "3")));
            RespTranscripts.readReply(three);
            String get = RespTranscripts.encode(List.of("HGETALL", "shapes:hash"));
            String missing = RespTranscripts.encode(List.of("GET", "shapes:missing"));
            // Bounded: 200 pipelined requests each, sent interleaved.
            for (int round = 0; round < 100; round++) {
                two.send(get + missing);
                three.send(get + missing);
            }
            for (int round = 0; round < 100; round++) {
                assertThat(RespTranscripts.readReply(two)).isEqualTo("*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
                assertThat(RespTranscripts.readReply(two)).isEqualTo("$-1\r\n");
                assertThat(RespTranscripts.readReply(three)).isEqualTo("%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
                assertThat(RespTranscripts.readReply(three)).isEqualTo("_\r\n");
            }
        }
    }

    @Test
    void aPushOnASharedUpstreamConnectionIsNeverTakenForAReply() throws Exception {
        try (FakeUpstream fake = new FakeUpstream();
             TestSlotway proxy = TestSlotway.start(TestSlotway.standaloneYaml(fake.port(),
                     "monitoring:\n  health_check_interval: 0s\ntimeouts:\n  command: 2s\n  connect: 300ms"));
             RawClient client = new RawClient(proxy.port())) {
            fake.nextConnection(5_000); // the start-up probe
            assertThat(client.call("HELLO", "3")).startsWith("%7\r\n");
            client.send(RespTranscripts.encode(List.of("GET", "pushed:k")));
            Socket upstream = fake.nextConnection(5_000);
            assertThat(fake.awaitReceived(upstream, "HELLO", 5_000)).isTrue();
            FakeUpstream.reply(upstream, "%1\r\n$5\r\nproto\r\n:3\r\n");
            assertThat(fake.awaitReceived(upstream, "pushed:k", 5_000)).isTrue();
            // A push the node sends unasked, then the GET's own reply.
            FakeUpstream.reply(upstream, ">2\r\n$10\r\ninvalidate\r\n*1\r\n$8\r\npushed:k\r\n$5\r\nvalue\r\n");
            assertThat(RespTranscripts.readReply(client)).isEqualTo("$5\r\nvalue\r\n");
        }
    }


    private static String withoutHello(List<String> command, String reply) {
        return command.get(0).equals("HELLO") ? "" : reply;
    }

    private static String redisCli(Path cli, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "-p", Integer.toString(modes.standalone().port())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
