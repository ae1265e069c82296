package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-client limits against a real redis-server: how many clients, how long idle, how much unread output. */
class ClientLimitsIT {

    private static LocalRedis redis;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private static TestSlotway slotway(String limits) throws Exception {
        return TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), "admin: 127.0.0.1:0\nlimits:\n" + limits));
    }

    @Test
    void clientBeyondMaxClientsGetsRedisErrorAndIsClosed() throws Exception {
        try (TestSlotway proxy = slotway("  max_clients: 2\n");
             RawClient first = new RawClient(proxy.port());
             RawClient second = new RawClient(proxy.port())) {
            assertThat(first.send("PING\r\n").readLine()).isEqualTo("+PONG");
            assertThat(second.send("PING\r\n").readLine()).isEqualTo("+PONG");
            try (RawClient third = new RawClient(proxy.port())) {
                assertThat(third.readLine()).isEqualTo("-ERR max number of clients reached");
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(new AdminClient(proxy.server().adminPort()).get("/metrics").body())
                    .contains("slotway_client_connections_rejected_total 1.0");
            first.close();
            // A freed place is taken again.
            awaitOpenClients(proxy, 1);
            try (RawClient again = new RawClient(proxy.port())) {
                assertThat(again.send("PING\r\n").readLine()).isEqualTo("+PONG");
            }
        }
    }

    @Test
    void idleClientIsClosedAfterTheIdleTimeoutWhileAnActiveOneStays() throws Exception {
        try (TestSlotway proxy = slotway("  client_idle_timeout: 300ms\n");
             RawClient idle = new RawClient(proxy.port());
             RawClient active = new RawClient(proxy.port())) {
            assertThat(idle.send("PING\r\n").readLine()).isEqualTo("+PONG");
            idle.timeout(3_000);
            // Bounded: 10 pings, 100 ms apart.
            for (int i = 0; i < 10; i++) {
                assertThat(active.send("PING\r\n").readLine()).isEqualTo("+PONG");
                Thread.sleep(100);
            }
            assertThat(idle.closedByServer()).isTrue();
            assertThat(active.send("PING\r\n").readLine()).isEqualTo("+PONG");
            // At least the idle one; the active one too may idle out while the metrics are fetched.
            assertThat(metrics(proxy))
                    .containsPattern("slotway_client_limit_events_total\\{limit=\"idle_timeout\"} [1-9]");
        }
    }

    @Test
    void clientThatNeverReadsIsClosedOnceItsUnreadRepliesPassTheOutputBufferLimit() throws Exception {
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            direct.set("big", "x".repeat(100_000));
        }
        try (TestSlotway proxy = slotway("  max_pending_reply_bytes: 64kb\n  client_output_buffer: 1mb\n"
                + "  max_pending_requests: 50\n");
             Socket reader = new Socket()) {
            reader.setReceiveBufferSize(4096);
            reader.connect(new java.net.InetSocketAddress("127.0.0.1", proxy.port()));
            awaitOpenClients(proxy, 1);
            StringBuilder gets = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                gets.append("GET big\r\n");
            }
            reader.getOutputStream().write(gets.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            reader.getOutputStream().flush();
            // The client never reads: its 20 MB of replies cannot all leave, and Slotway gives up on it.
            awaitOpenClients(proxy, 0);
            try (Jedis other = new Jedis("127.0.0.1", proxy.port())) {
                assertThat(other.strlen("big")).as("other clients are unaffected").isEqualTo(100_000);
            }
            // Each limit in turn: reading paused at 50 pending requests and at 64 KB unwritten, then the close.
            assertThat(metrics(proxy))
                    .containsPattern("slotway_client_limit_events_total\\{limit=\"pending_requests\"} [1-9]")
                    .containsPattern("slotway_client_limit_events_total\\{limit=\"pending_reply_bytes\"} [1-9]")
                    .contains("slotway_client_limit_events_total{limit=\"output_buffer\"} 1.0");
        }
    }

    @Test
    void malformedRequestIsAnsweredClosedAndCounted() throws Exception {
        try (TestSlotway proxy = slotway("  max_clients: 100\n");
             RawClient raw = new RawClient(proxy.port())) {
            assertThat(raw.send("*1\r\n$x\r\n").readLine()).startsWith("-ERR Protocol error");
            assertThat(raw.closedByServer()).isTrue();
            assertThat(metrics(proxy)).contains("slotway_client_limit_events_total{limit=\"protocol_error\"} 1.0");
        }
    }

    private static String metrics(TestSlotway proxy) {
        return new AdminClient(proxy.server().adminPort()).get("/metrics").body();
    }

    private static void awaitOpenClients(TestSlotway proxy, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // Bounded by the deadline.
        while (proxy.server().openClients() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(proxy.server().openClients()).isEqualTo(expected);
    }
}
