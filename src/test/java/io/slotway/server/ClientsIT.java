package io.slotway.server;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.slotway.demo.LocalRedis;
import io.slotway.demo.RedisBinary;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Lettuce and redis-cli through Slotway: the clients people actually use, with their own handshakes. */
class ClientsIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        // These tests are about clients, not timeouts: 10,000 pipelined commands through a JVM whose JIT has not yet
        // compiled the path can take over the default second on a loaded 2-core machine (seen in CI).
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), """
                timeouts:
                  command: 10s
                """));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    @Test
    void lettuceRunsCommonCommands() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + slotway.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redisCommands = connection.sync();
            assertThat(redisCommands.ping()).isEqualTo("PONG");
            assertThat(redisCommands.set("lettuce:k", "v")).isEqualTo("OK");
            assertThat(redisCommands.get("lettuce:k")).isEqualTo("v");
            redisCommands.hset("lettuce:h", Map.of("a", "1"));
            assertThat(redisCommands.hgetall("lettuce:h")).isEqualTo(Map.of("a", "1"));
            redisCommands.rpush("lettuce:l", "x", "y");
            assertThat(redisCommands.lrange("lettuce:l", 0, -1)).containsExactly("x", "y");
            assertThat(redisCommands.incr("lettuce:n")).isEqualTo(1);
            assertThat(redisCommands.select(2)).isEqualTo("OK");
            assertThat(redisCommands.get("lettuce:k")).isNull();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void lettuceAsyncPipelineOfTenThousandKeepsOrder() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + slotway.port());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                futures.add(async.incr("lettuce:counter"));
            }
            connection.flushCommands();
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1L);
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void redisCliSetsAndGetsThroughSlotway() throws Exception {
        Path cli = RedisBinary.onPath("redis-cli");
        assumeThat(cli).as("redis-cli on PATH (Debian: redis-tools)").isNotNull();
        assertThat(redisCli(cli, "SET", "cli:key", "hello world")).isEqualTo("OK");
        assertThat(redisCli(cli, "GET", "cli:key")).isEqualTo("hello world");
        assertThat(redisCli(cli, "PING")).isEqualTo("PONG");
        assertThat(redisCli(cli, "DBSIZE")).matches("\\d+");
    }

    @Test
    void redisCliPipeModeInsertsEverything() throws Exception {
        Path cli = RedisBinary.onPath("redis-cli");
        assumeThat(cli).as("redis-cli on PATH (Debian: redis-tools)").isNotNull();
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            input.append("SET pipe-mode:").append(i).append(' ').append(i).append("\r\n");
        }
        Process process = new ProcessBuilder(cli.toString(), "-p", Integer.toString(slotway.port()), "--pipe")
                .redirectErrorStream(true).start();
        process.getOutputStream().write(input.toString().getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("errors: 0, replies: 1000");
        assertThat(redisCli(cli, "GET", "pipe-mode:999")).isEqualTo("999");
    }

    private static String redisCli(Path cli, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "-p", Integer.toString(slotway.port())));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
