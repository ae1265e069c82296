package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.CapturedLogs;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.RawClient;
import io.slotway.testing.SlotwayProcess;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Config reload ({@code POST /reload}, SIGHUP) with clients connected: routes, upstream nodes, limits and auth
 * change under them without a connection dropped or a request lost; an invalid file changes nothing.
 */
class ConfigReloadIT {

    private static LocalRedis redisA;
    private static LocalRedis redisB;
    @TempDir
    Path dir;
    private Path file;

    @BeforeAll
    static void startRedis() throws Exception {
        redisA = LocalRedis.start();
        redisB = LocalRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redisA.close();
        redisB.close();
    }

    @BeforeEach
    void flush() {
        for (LocalRedis redis : List.of(redisA, redisB)) {
            try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
                direct.flushAll();
            }
        }
    }

    private static String config(int redisPort, String extra) {
        return """
                listen: 127.0.0.1:0
                event_loop_threads: 2
                admin: 127.0.0.1:0
                timeouts: {command: 500ms, fanout: 500ms}
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                routes:
                  default: main
                %s
                """.formatted(redisPort, extra);
    }

    private TestSlotway start(String yaml) throws Exception {
        file = dir.resolve("slotway.yaml");
        Files.writeString(file, yaml);
        return TestSlotway.fromFile(file);
    }

    private HttpResponse<String> reload(TestSlotway slotway, String yaml) throws Exception {
        Files.writeString(file, yaml);
        return new AdminClient(slotway.server().adminPort()).post("/reload");
    }

    @Test
    void reloadMovesTrafficToANewNodeWithoutDroppingTheClient() throws Exception {
        try (TestSlotway slotway = start(config(redisA.port(), ""));
             Jedis client = new Jedis("127.0.0.1", slotway.port())) {
            assertThat(client.set("reload:before", "a")).isEqualTo("OK");
            HttpResponse<String> reloaded = reload(slotway, config(redisB.port(), ""));
            assertThat(reloaded.statusCode()).isEqualTo(200);
            assertThat(reloaded.body()).startsWith("reloaded: generation 2: 1 upstream(s) new or changed, 1 retired");
            // The same connection, now served by node B.
            assertThat(client.set("reload:after", "b")).isEqualTo("OK");
            assertThat(client.get("reload:before")).isNull();
            assertThat(slotway.server().openClients()).isEqualTo(1);
            assertThat(new AdminClient(slotway.server().adminPort()).get("/config").body())
                    .contains("\"port\" : " + redisB.port()).doesNotContain("\"port\" : " + redisA.port());
        }
        try (Jedis a = new Jedis("127.0.0.1", redisA.port()); Jedis b = new Jedis("127.0.0.1", redisB.port())) {
            assertThat(a.get("reload:before")).isEqualTo("a");
            assertThat(a.exists("reload:after")).isFalse();
            assertThat(b.get("reload:after")).isEqualTo("b");
        }
    }

    @Test
    void reloadThatReplacesTheUpstreamMovesItsSubscribersWithoutTheirNoticing() throws Exception {
        try (TestSlotway slotway = start(config(redisA.port(), ""));
             RawClient subscriber = new RawClient(slotway.port());
             Jedis b = new Jedis("127.0.0.1", redisB.port())) {
            subscriber.send("SUBSCRIBE reload:ch\r\n");
            for (int line = 0; line < 6; line++) {
                subscriber.readLine();
            }
            assertThat(reload(slotway, config(redisB.port(), "")).statusCode()).isEqualTo(200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // Bounded by the deadline: the old node's connections close once the retired upstream's requests end.
            while (b.pubsubNumSub("reload:ch").get("reload:ch") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(b.pubsubNumSub("reload:ch").get("reload:ch")).as("subscribed on the new node").isEqualTo(1L);
            try (Jedis publisher = new Jedis("127.0.0.1", slotway.port())) {
                publisher.publish("reload:ch", "after the reload");
            }
            subscriber.timeout(5_000);
            assertThat(List.of(subscriber.readLine(), subscriber.readLine(), subscriber.readLine(),
                    subscriber.readLine(), subscriber.readLine(), subscriber.readLine(), subscriber.readLine()))
                    .as("no error, no close: the next frame is the message")
                    .containsExactly("*3", "$7", "message", "$9", "reload:ch", "$16", "after the reload");
        }
    }

    @Test
    void renamedUpstreamReplacesTheOldOneInMetricsAndTopology() throws Exception {
        try (TestSlotway slotway = start(config(redisA.port(), ""));
             Jedis client = new Jedis("127.0.0.1", slotway.port())) {
            assertThat(client.set("reload:renamed", "v")).isEqualTo("OK");
            AdminClient admin = new AdminClient(slotway.server().adminPort());
            assertThat(admin.get("/metrics").body()).contains("upstream=\"main\"");
            String renamed = config(redisA.port(), "").replace("  main:", "  cache:").replace("default: main",
                    "default: cache");
            assertThat(reload(slotway, renamed).statusCode()).isEqualTo(200);
            assertThat(client.get("reload:renamed")).isEqualTo("v");
            String metrics = admin.get("/metrics").body();
            // Bounded: 5 s; the old upstream's series go once its grace (2 x 500 ms) has passed.
            for (int i = 0; i < 100 && metrics.contains("upstream=\"main\""); i++) {
                Thread.sleep(50);
                metrics = admin.get("/metrics").body();
            }
            assertThat(metrics).contains("upstream=\"cache\"").doesNotContain("upstream=\"main\"");
            assertThat(admin.get("/clusters").body()).contains("\"name\" : \"cache\"")
                    .doesNotContain("\"name\" : \"main\"");
        }
    }

    @Test
    void reloadDuringASlowHealthCheckNeverMarksAHealthyNodeDown() throws Exception {
        try (FakeUpstream silent = new FakeUpstream()) {
            // The silent node comes first, so a health round blocks on it for 5 s before reaching node A.
            String sharded = """
                    listen: 127.0.0.1:0
                    event_loop_threads: 1
                    admin: 127.0.0.1:0
                    monitoring: {health_check_interval: 100ms}
                    timeouts: {connect: 5s, command: 500ms}
                    upstreams:
                      main:
                        mode: sharded
                        eject_after: 1
                        nodes: ["127.0.0.1:%d", "127.0.0.1:%d"]
                    routes:
                      default: main
                    %s
                    """;
            try (TestSlotway slotway = start(sharded.formatted(silent.port(), redisA.port(), ""));
                 CapturedLogs logs = new CapturedLogs()) {
                // The first round (0-5 s) has found A up; the second (from about 5.1 s) is blocked on the silent
                // node until about 10 s, longer than a checker's close() waits (2 s, from about 6 s).
                Thread.sleep(5_500);
                assertThat(reload(slotway, sharded.formatted(silent.port(), redisA.port(),
                        "limits: {max_clients: 500}")).statusCode()).isEqualTo(200);
                // Past the moment the old round, unblocked, would have reached node A.
                Thread.sleep(1_000);
                String nodeA = "127.0.0.1:" + redisA.port();
                assertThat(logs.lines()).as("node A never judged down, never ejected")
                        .noneMatch(line -> line.contains("node " + nodeA + ": health check failed"))
                        .noneMatch(line -> line.contains("node " + nodeA + " ejected"));
            }
        }
    }

    @Test
    void invalidFileIsRefusedWithItsErrorsAndTheRunningConfigStays() throws Exception {
        try (TestSlotway slotway = start(config(redisA.port(), ""));
             Jedis client = new Jedis("127.0.0.1", slotway.port())) {
            String broken = config(redisB.port(), "limits: {max_clients: -1}\nunknown_thing: 1");
            HttpResponse<String> refused = reload(slotway, broken);
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(refused.body()).contains("limits.max_clients: -1 (expected: 1..1000000)")
                    .contains("unknown_thing: unknown key");
            assertThat(client.set("reload:k", "still A")).isEqualTo("OK");
            HttpResponse<String> restartOnly = reload(slotway, config(redisB.port(), "").replace(
                    "event_loop_threads: 2", "event_loop_threads: 3"));
            assertThat(restartOnly.statusCode()).isEqualTo(422);
            assertThat(restartOnly.body()).contains("event_loop_threads: changed from 2 to 3; that takes a restart");
            assertThat(client.get("reload:k")).isEqualTo("still A");
            assertThat(new AdminClient(slotway.server().adminPort()).get("/metrics").body())
                    .contains("slotway_config_reloads_refused_total 2.0").contains("slotway_config_reloads_total 0.0");
        }
        try (Jedis a = new Jedis("127.0.0.1", redisA.port())) {
            assertThat(a.get("reload:k")).isEqualTo("still A");
        }
    }

    @Test
    void newLimitsApplyToClientsAlreadyConnected() throws Exception {
        try (TestSlotway slotway = start(config(redisA.port(), ""));
             RawClient raw = new RawClient(slotway.port())) {
            String bigSet = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2048\r\n" + "x".repeat(2048) + "\r\n";
            assertThat(raw.send(bigSet).readLine()).isEqualTo("+OK");
            assertThat(reload(slotway, config(redisA.port(), "limits: {max_bulk_length: 1kb, max_clients: 1}"))
                    .statusCode()).isEqualTo(200);
            try (RawClient second = new RawClient(slotway.port())) {
                assertThat(second.readLine()).isEqualTo("-ERR max number of clients reached");
            }
            assertThat(raw.send(bigSet).readLine()).startsWith("-ERR Protocol error: invalid bulk length 2048");
        }
    }

    @Test
    void authChangesApplyToLoggedInClientsAndRemovedUsersMustLogInAgain() throws Exception {
        String alice = "auth:\n  users:\n    alice: {password: alice-1}\n"
                + "    reader: {password: r-1, commands: \"+@all\"}";
        try (TestSlotway slotway = start(config(redisA.port(), alice));
             Jedis aliceClient = new Jedis("127.0.0.1", slotway.port());
             Jedis readerClient = new Jedis("127.0.0.1", slotway.port())) {
            aliceClient.auth("alice", "alice-1");
            readerClient.auth("reader", "r-1");
            assertThat(readerClient.set("reload:auth", "v")).isEqualTo("OK");
            String bob = "auth:\n  users:\n    bob: {password: bob-1}\n"
                    + "    reader: {password: r-1, commands: \"+@read\"}";
            assertThat(reload(slotway, config(redisA.port(), bob)).statusCode()).isEqualTo(200);
            // Alice comes back with a new password before her idle client speaks again: it must still log in.
            String aliceAgain = bob + "\n    alice: {password: alice-2}";
            assertThat(reload(slotway, config(redisA.port(), aliceAgain)).statusCode()).isEqualTo(200);
            assertThat(errorOf(() -> aliceClient.get("reload:auth"))).startsWith("NOAUTH");
            assertThat(readerClient.get("reload:auth")).isEqualTo("v");
            assertThat(errorOf(() -> readerClient.set("reload:auth", "w"))).startsWith("NOPERM");
            try (Jedis bobClient = new Jedis("127.0.0.1", slotway.port())) {
                bobClient.auth("bob", "bob-1");
                assertThat(bobClient.get("reload:auth")).isEqualTo("v");
            }
        }
    }

    @Test
    void clientsKeepWorkingThroughRepeatedReloadsAndRetiredNodesAreLetGo() throws Exception {
        try (TestSlotway slotway = start(config(redisA.port(), ""))) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(4);
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                results.add(writers.submit(() -> {
                    int done = 0;
                    try (Jedis client = new Jedis("127.0.0.1", slotway.port())) {
                        // Bounded: stops when told, or after 200 000 commands.
                        while (!stop.get() && done < 200_000) {
                            assertThat(client.set("reload:w" + writer + ":" + done, "v")).isEqualTo("OK");
                            done++;
                        }
                    }
                    return done;
                }));
            }
            for (int i = 0; i < 6; i++) {
                LocalRedis target = i % 2 == 0 ? redisB : redisA;
                assertThat(reload(slotway, config(target.port(), "")).statusCode()).isEqualTo(200);
                Thread.sleep(150);
            }
            assertThat(slotway.server().openClients()).as("no client dropped by six reloads").isEqualTo(4);
            stop.set(true);
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            writers.shutdown();
            assertThat(total).isPositive();
            // Node B served the last generation but one; its connections close once 2 x 500 ms have passed.
            awaitConnectedClients(redisB, 0);
        }
    }

    @Test
    void sighupReloadsTheFileOfARunningProcess() throws Exception {
        int port = SlotwayProcess.freePort();
        Path config = dir.resolve("process.yaml");
        Files.writeString(config, config(redisA.port(), "").replace("admin: 127.0.0.1:0\n", "")
                .replace("127.0.0.1:0", "127.0.0.1:" + port));
        try (SlotwayProcess slotway = SlotwayProcess.start(config, port);
             Jedis client = new Jedis("127.0.0.1", port)) {
            assertThat(client.set("reload:hup", "a")).isEqualTo("OK");
            Files.writeString(config, Files.readString(config).replace(":" + redisA.port() + "\"",
                    ":" + redisB.port() + "\""));
            slotway.signal("HUP");
            String value = "a";
            // Bounded: 5 s for the signal to be handled.
            for (int i = 0; i < 100 && value != null; i++) {
                Thread.sleep(50);
                value = client.get("reload:hup");
            }
            assertThat(value).as("served by node B after SIGHUP; log:%n%s", slotway.output()).isNull();
            assertThat(slotway.isAlive()).isTrue();
            // Bounded: 2 s for the log line, written just after the switch.
            for (int i = 0; i < 40 && !slotway.output().contains("config reloaded, generation 2"); i++) {
                Thread.sleep(50);
            }
            assertThat(slotway.output()).contains("config reloaded, generation 2");
        }
    }

    @Test
    void processStartedWithHangupsIgnoredSaysSoAndStillReloadsOverHttp() throws Exception {
        int port = SlotwayProcess.freePort();
        int adminPort = SlotwayProcess.freePort();
        Path config = dir.resolve("nohup.yaml");
        Files.writeString(config, config(redisA.port(), "").replace("admin: 127.0.0.1:0", "admin: " + adminPort)
                .replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + port));
        try (SlotwayProcess slotway = SlotwayProcess.startIgnoringHangups(config, port)) {
            assertThat(slotway.output()).contains("SIGHUP is ignored by this process");
            slotway.signal("HUP");
            Thread.sleep(200);
            assertThat(slotway.isAlive()).isTrue();
            // Bounded: 2 s for the admin listener, bound just after the client one.
            for (int i = 0; i < 40 && !slotway.output().contains("admin API on"); i++) {
                Thread.sleep(50);
            }
            assertThat(new AdminClient(adminPort).post("/reload").statusCode()).isEqualTo(200);
        }
    }

    private static void awaitConnectedClients(LocalRedis redis, int others) throws InterruptedException {
        long connected = -1;
        // Bounded: 5 s.
        for (int i = 0; i < 100; i++) {
            try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
                String info = direct.info("clients");
                connected = Long.parseLong(info.replaceAll("(?s).*connected_clients:(\\d+).*", "$1"));
            }
            if (connected == others + 1) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(connected).as("clients connected to %d besides this check", redis.port()).isEqualTo(others + 1);
    }

    private static String errorOf(Runnable command) {
        try {
            command.run();
            return "(no error)";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
