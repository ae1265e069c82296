package io.slotway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.CapturedLogs;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin HTTP API over real HTTP, against a running Slotway in front of a real redis-server. */
class AdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalRedis redis;
    private static TestSlotway slotway;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start("--enable-debug-command", "yes");
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), """
                admin: 127.0.0.1:0
                commands:
                  allow: [debug]
                timeouts:
                  command: 10s
                monitoring:
                  slow_threshold: 100ms
                  long_running_threshold: 300ms
                """));
        admin = new AdminClient(slotway.server().adminPort());
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    private static Jedis client() {
        return new Jedis("127.0.0.1", slotway.port());
    }

    /** Polls {@code path} until its body passes {@code check} (the sampler folds histograms once a second). */
    private static HttpResponse<String> awaitBody(AdminClient client, String path, Predicate<String> check) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> response = client.get(path);
        // Bounded by the deadline.
        while (!check.test(response.body()) && System.nanoTime() < deadline) {
            sleep(100);
            response = client.get(path);
        }
        return response;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void healthzAnswersOk() {
        HttpResponse<String> response = admin.get("/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readyWhenEveryPrimaryIsReachable() {
        HttpResponse<String> response = admin.get("/ready");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void metricsCountCommandsByResultWithALatencyHistogramAndJvmMetrics() {
        try (Jedis jedis = client()) {
            for (int i = 0; i < 7; i++) {
                jedis.set("metrics:" + i, "v");
            }
            jedis.sendCommand(Protocol.Command.INCR, "not-a-number-key-is-fine-but-value-is-not");
            jedis.set("metrics:text", "abc");
            try {
                jedis.incr("metrics:text");
            } catch (RuntimeException expected) {
                // An error reply, counted as such.
            }
        }
        HttpResponse<String> response = awaitBody(admin, "/metrics",
                body -> body.contains("slotway_command_duration_seconds_count{command=\"incr\"} 2"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String body = response.body();
        assertThat(body).contains("slotway_commands_total{command=\"incr\",result=\"error\"} 1.0");
        assertThat(body).contains("slotway_commands_total{command=\"incr\",result=\"ok\"} 1.0");
        assertThat(body).containsPattern("slotway_commands_total\\{command=\"set\",result=\"ok\"} (8|9|[1-9][0-9]+)\\.0");
        assertThat(body).contains("slotway_command_duration_seconds_bucket{command=\"set\",le=\"0.001\"}");
        assertThat(body).contains("slotway_client_connections ");
        assertThat(body).containsPattern("slotway_upstream_requests_total\\{node=\"127.0.0.1:" + redis.port()
                + "\",result=\"ok\",upstream=\"main\"} [1-9]");
        assertThat(body).contains("slotway_upstream_node_up{node=\"127.0.0.1:" + redis.port()
                + "\",role=\"primary\",upstream=\"main\"} 1");
        assertThat(body).contains("jvm_memory_used_bytes");
    }

    @Test
    void statsHavePercentilesPerCommand() throws Exception {
        try (Jedis jedis = client()) {
            for (int i = 0; i < 20; i++) {
                jedis.get("stats:" + i);
            }
        }
        // Counts are live; histograms are folded in once a second.
        HttpResponse<String> response = awaitBody(admin, "/stats", body -> getRow(body).path("p50_ms").asDouble() > 0);
        JsonNode stats = JSON.readTree(response.body());
        assertThat(stats.path("clients").path("accepted_total").asLong()).isPositive();
        JsonNode get = null;
        for (JsonNode row : stats.path("commands").path("per_command")) {
            if (row.path("command").asText().equals("get")) {
                get = row;
            }
        }
        assertThat(get).isNotNull();
        assertThat(get.path("calls").asLong()).isGreaterThanOrEqualTo(20);
        assertThat(get.path("p50_ms").asDouble()).isPositive();
        assertThat(get.path("p999_ms").asDouble()).isGreaterThanOrEqualTo(get.path("p50_ms").asDouble());
        assertThat(stats.path("upstreams").get(0).path("name").asText()).isEqualTo("main");
    }

    private static JsonNode getRow(String statsBody) {
        try {
            for (JsonNode row : JSON.readTree(statsBody).path("commands").path("per_command")) {
                if (row.path("command").asText().equals("get")) {
                    return row;
                }
            }
            return JSON.createObjectNode();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void clustersShowTheShardAndItsHealthyPrimary() throws Exception {
        try (Jedis jedis = client()) {
            jedis.ping();
            jedis.get("clusters:warm");
        }
        JsonNode topology = JSON.readTree(admin.get("/clusters").body());
        JsonNode upstream = topology.path("upstreams").get(0);
        assertThat(upstream.path("mode").asText()).isEqualTo("standalone");
        JsonNode primary = upstream.path("shards").get(0).path("nodes").get(0);
        assertThat(primary.path("address").asText()).isEqualTo("127.0.0.1:" + redis.port());
        assertThat(primary.path("role").asText()).isEqualTo("primary");
        assertThat(primary.path("up").asBoolean()).isTrue();
        assertThat(primary.path("connections").asInt()).isPositive();
    }

    @Test
    void slowCommandShowsInInflightTheWarnLogTheSlowlogAndTheMetrics() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(); Jedis jedis = client()) {
            CompletableFuture<Object> sleeping = CompletableFuture.supplyAsync(
                    () -> jedis.sendCommand(() -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "SLEEP", "1.5"));
            HttpResponse<String> inflight = awaitBody(admin, "/inflight", body -> body.contains("\"debug\""));
            JsonNode request = JSON.readTree(inflight.body()).path("requests").get(0);
            assertThat(request.path("command").asText()).isEqualTo("debug");
            assertThat(request.path("age_ms").asDouble()).isGreaterThanOrEqualTo(300);
            assertThat(request.path("node").asText()).isEqualTo("127.0.0.1:" + redis.port());
            assertThat(sleeping.get(10, TimeUnit.SECONDS)).isNotNull();

            assertThat(logs.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN").contains("long-running command: debug"));
            JsonNode slowlog = JSON.readTree(awaitBody(admin, "/slowlog", body -> body.contains("\"debug\"")).body());
            JsonNode entry = slowlog.path("entries").get(0);
            assertThat(entry.path("command").asText()).isEqualTo("debug");
            assertThat(entry.path("duration_ms").asDouble()).isGreaterThanOrEqualTo(1_500);
            assertThat(entry.path("client").asText()).startsWith("127.0.0.1:");
            // Histograms are folded in once a second.
            String metrics = awaitBody(admin, "/metrics", body -> body.contains(
                    "slotway_command_duration_seconds_bucket{command=\"debug\",le=\"2.5\"} 1")).body();
            assertThat(metrics).contains("slotway_command_duration_seconds_bucket{command=\"debug\",le=\"1.0\"} 0");
            assertThat(metrics).containsPattern("slotway_long_running_commands_detected_total [1-9]");
        }
        assertThat(JSON.readTree(admin.get("/inflight").body()).path("requests")).isEmpty();
    }

    @Test
    void alertRulesAndGrafanaDashboardUseOnlyMetricsSlotwayExports() throws Exception {
        try (Jedis jedis = client()) {
            jedis.set("docs:k", "v");
        }
        String metrics = awaitBody(admin, "/metrics",
                body -> body.contains("slotway_command_duration_seconds_bucket{command=\"set\"")).body();
        java.util.Set<String> referenced = new java.util.TreeSet<>();
        for (String file : new String[] {"docs/prometheus-alerts.yml", "docs/grafana-dashboard.json"}) {
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\b((slotway|jvm|process)_[a-z_]+)\\b")
                    .matcher(java.nio.file.Files.readString(java.nio.file.Path.of(file)));
            while (names.find()) {
                referenced.add(names.group(1));
            }
        }
        assertThat(referenced).contains("slotway_long_running_commands", "slotway_upstream_node_up",
                "slotway_upstream_redirects_total", "slotway_commands_total");
        assertThat(referenced).allSatisfy(name -> assertThat(metrics)
                .as("metric %s used by the docs", name).containsPattern("(?m)^" + name + "[{ ]"));
    }

    @Test
    void unknownPathIs404AndDrainNeedsPost() {
        assertThat(admin.get("/nope").statusCode()).isEqualTo(404);
        assertThat(admin.get("/drain").statusCode()).isEqualTo(405);
    }

    @Test
    void dashboardIsServedAtTheRoot() {
        HttpResponse<String> page = admin.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Slotway").doesNotContain("http://", "https://");
    }

    @Test
    void postDrainTurnsReadinessOffAndRefusesNewClients() throws Exception {
        try (LocalRedis own = LocalRedis.start();
             TestSlotway draining = TestSlotway.start(TestSlotway.standaloneYaml(own.port(), "admin: 127.0.0.1:0"))) {
            AdminClient client = new AdminClient(draining.server().adminPort());
            assertThat(client.get("/ready").statusCode()).isEqualTo(200);
            assertThat(client.post("/drain").statusCode()).isEqualTo(202);
            HttpResponse<String> ready = client.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("draining");
            assertThat(client.get("/metrics").body()).contains("slotway_draining 1");
            assertThat(canConnect(draining.port())).isFalse();
            assertThat(client.get("/healthz").statusCode()).as("alive while draining").isEqualTo(200);
        }
    }

    @Test
    void readyTurns503WhenThePrimaryDiesAndBackWhenItReturns() throws Exception {
        LocalRedis own = LocalRedis.start();
        int port = own.port();
        try (TestSlotway proxy = TestSlotway.start(TestSlotway.standaloneYaml(port, "admin: 127.0.0.1:0"))) {
            AdminClient client = new AdminClient(proxy.server().adminPort());
            assertThat(client.get("/ready").statusCode()).isEqualTo(200);
            own.close();
            // No client traffic: the health checks alone notice.
            HttpResponse<String> ready = awaitStatus(client, "/ready", 503);
            assertThat(ready.body()).contains("primary 127.0.0.1:" + port + " is down");
            assertThat(client.get("/metrics").body()).contains("slotway_upstream_node_up{node=\"127.0.0.1:" + port
                    + "\",role=\"primary\",upstream=\"main\"} 0");
            try (LocalRedis back = LocalRedis.startOnPort(port)) {
                assertThat(awaitStatus(client, "/ready", 200).statusCode()).isEqualTo(200);
            }
        }
    }

    private static HttpResponse<String> awaitStatus(AdminClient client, String path, int status) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        HttpResponse<String> response = client.get(path);
        // Bounded by the deadline.
        while (response.statusCode() != status && System.nanoTime() < deadline) {
            sleep(100);
            response = client.get(path);
        }
        return response;
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void secretsNeverAppearInConfigOrLogsAndTheTokenIsRequired() throws Exception {
        String password = "upstream-pw-7f3a";
        String token = "admin-token-91c2";
        try (CapturedLogs logs = new CapturedLogs();
             LocalRedis locked = LocalRedis.start("--requirepass", password);
             TestSlotway proxy = TestSlotway.start("""
                     listen: 127.0.0.1:0
                     upstreams:
                       main:
                         mode: standalone
                         nodes: ["127.0.0.1:%d"]
                         password: %s
                     routes:
                       default: main
                     admin:
                       listen: 127.0.0.1:0
                       token: %s
                     """.formatted(locked.port(), password, token))) {
            try (Jedis jedis = new Jedis("127.0.0.1", proxy.port())) {
                assertThat(jedis.set("k", "v")).isEqualTo("OK");
            }
            AdminClient anonymous = new AdminClient(proxy.server().adminPort());
            AdminClient wrong = new AdminClient(proxy.server().adminPort(), "guess");
            AdminClient operator = new AdminClient(proxy.server().adminPort(), token);
            assertThat(anonymous.get("/config").statusCode()).isEqualTo(401);
            assertThat(wrong.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(anonymous.post("/drain").statusCode()).isEqualTo(401);
            HttpResponse<String> config = operator.get("/config");
            assertThat(config.statusCode()).isEqualTo(200);
            assertThat(config.body()).doesNotContain(password, token).contains("***");
            assertThat(JSON.readTree(config.body()).path("upstreams").path("main").path("nodes")).isNotEmpty();
            assertThat(logs.lines()).noneMatch(line -> line.contains(password) || line.contains(token));
        }
    }

    @Test
    void configShowsDefaultsAsDurations() throws Exception {
        JsonNode config = JSON.readTree(admin.get("/config").body());
        assertThat(config.path("monitoring").path("long_running_threshold").asText()).isEqualTo("PT0.3S");
        assertThat(Duration.parse(config.path("shutdown").path("drain_timeout").asText())).isPositive();
    }
}
