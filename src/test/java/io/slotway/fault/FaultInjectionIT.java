package io.slotway.fault;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fault injection (faults) in front of a real redis-server: Envoy's error text, shares, held answers, reload. */
class FaultInjectionIT {

    private static LocalRedis redis;

    @TempDir
    Path dir;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static String config(String faults) {
        return """
                listen: 127.0.0.1:0
                admin: 127.0.0.1:0
                upstreams:
                  main: {mode: standalone, nodes: ["127.0.0.1:%d"]}
                routes:
                  default: main
                auth:
                  password: secret
                %s
                """.formatted(redis.port(), faults);
    }

    private TestSlotway start(String faults) throws Exception {
        Path file = dir.resolve("slotway.yaml");
        Files.writeString(file, config(faults));
        return TestSlotway.fromFile(file);
    }

    private static Jedis client(TestSlotway slotway) {
        Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 20_000);
        jedis.auth("secret");
        return jedis;
    }

    @Test
    void errorFaultAnswersEnvoysErrorAndRunsNothing() throws Exception {
        try (TestSlotway slotway = start("faults: [{type: error, fraction: 1, commands: [set]}]");
             Jedis jedis = client(slotway); Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            assertThatThrownBy(() -> jedis.set("fault:k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR Fault Injected: Error");
            assertThat(direct.exists("fault:k")).isFalse();
            direct.set("fault:k", "there");
            assertThat(jedis.get("fault:k")).isEqualTo("there");
            String metrics = new AdminClient(slotway.server().adminPort()).get("/metrics").body();
            assertThat(metrics).contains("slotway_command_faults_total{command=\"set\",fault=\"error\"} 1.0");
        }
    }

    @Test
    void faultWithoutCommandsSparesAuthAndPing() throws Exception {
        try (TestSlotway slotway = start("faults: [{type: error, fraction: 1}]");
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 20_000)) {
            assertThat(jedis.auth("secret")).isEqualTo("OK");
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThatThrownBy(() -> jedis.get("k")).hasMessage("ERR Fault Injected: Error");
            assertThatThrownBy(() -> jedis.clientSetname("n")).hasMessage("ERR Fault Injected: Error");
        }
    }

    @Test
    void faultNamingAContainerFallsOnItsSubcommands() throws Exception {
        try (TestSlotway slotway = start("faults: [{type: error, fraction: 1, commands: [client]}]");
             Jedis jedis = client(slotway)) {
            assertThatThrownBy(jedis::clientId).hasMessage("ERR Fault Injected: Error");
            assertThat(jedis.get("untouched")).isNull();
        }
    }

    @Test
    void fractionInjectsAboutThatShareOfCommands() throws Exception {
        try (TestSlotway slotway = start("faults: [{type: error, fraction: 0.3, commands: [get]}]");
             Jedis jedis = client(slotway)) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> replies = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                replies.add(pipeline.get("share"));
            }
            pipeline.sync();
            long errors = replies.stream().filter(reply -> {
                try {
                    reply.get();
                    return false;
                } catch (JedisDataException e) {
                    return true;
                }
            }).count();
            // 2000 draws at 0.3: 600 expected, more than 8 standard deviations inside these bounds.
            assertThat(errors).isBetween(440L, 760L);
        }
    }

    @Test
    void delayFaultHoldsThatAnswerAndWhatFollowsButNoOtherClient() throws Exception {
        try (TestSlotway slotway = start("faults: [{type: delay, fraction: 1, delay: 1500ms, commands: [get]}]");
             Jedis slow = client(slotway); Jedis other = client(slotway)) {
            slow.set("held", "v");
            long start = System.nanoTime();
            CompletableFuture<List<Object>> pipelined = CompletableFuture.supplyAsync(() -> {
                Pipeline pipeline = slow.pipelined();
                pipeline.get("held");
                pipeline.set("after", "1");
                return pipeline.syncAndReturnAll();
            });
            // Another client is answered while the first one's GET is held.
            for (int i = 0; i < 20; i++) {
                assertThat(other.set("other:" + i, "x")).isEqualTo("OK");
            }
            assertThat(pipelined.isDone()).isFalse();
            assertThat(pipelined.get(10, TimeUnit.SECONDS)).containsExactly("v", "OK");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
            String metrics = new AdminClient(slotway.server().adminPort()).get("/metrics").body();
            assertThat(metrics).contains("slotway_command_faults_total{command=\"get\",fault=\"delay\"} 1.0");
        }
    }

    @Test
    void reloadTurnsFaultsOnAndOff() throws Exception {
        try (TestSlotway slotway = start(""); Jedis jedis = client(slotway)) {
            assertThat(jedis.set("reload", "1")).isEqualTo("OK");
            Files.writeString(dir.resolve("slotway.yaml"), config("faults: [{type: error, fraction: 1}]"));
            assertThat(new AdminClient(slotway.server().adminPort()).post("/reload").statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> jedis.get("reload")).hasMessage("ERR Fault Injected: Error");
            Files.writeString(dir.resolve("slotway.yaml"), config(""));
            assertThat(new AdminClient(slotway.server().adminPort()).post("/reload").statusCode()).isEqualTo(200);
            assertThat(jedis.get("reload")).isEqualTo("1");
        }
    }

    @Test
    void delayFaultLeavesAnswersSlotwayGivesItself() throws Exception {
        try (TestSlotway slotway = start("faults: [{type: delay, fraction: 1, delay: 5s, commands: [hello, client]}]");
             Jedis jedis = client(slotway)) {
            long start = System.nanoTime();
            assertThat(jedis.clientList()).contains("cmd=client|list");
            jedis.sendCommand(Protocol.Command.HELLO, "2");
            // Five seconds each, had they been held.
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(4));
        }
    }
}
