package io.slotway.blocking;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see of blocked clients and transactions: a client waiting in BLPOP q 0 is listed by /inflight as
 * blocked and never raises the long-running alert, while a slow command does; dedicated connections, blocked
 * clients and transactions have their metrics.
 */
class BlockedReportingIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), """
                admin: 127.0.0.1:0
                monitoring:
                  long_running_threshold: 100ms
                timeouts:
                  command: 5s
                """));
        admin = new AdminClient(slotway.server().adminPort());
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    @Test
    void aBlockedClientIsReportedAsBlockedNotAsAStuckCommand() throws Exception {
        try (RawClient blocked = new RawClient(slotway.port()); RawClient slow = new RawClient(slotway.port())) {
            blocked.send("BLPOP report:q 0\r\n");
            awaitBlockedOnRedis();
            // A script that keeps Redis busy for 1.5 s: a command that really runs long.
            slow.send("EVAL \"local s = redis.call('TIME') repeat local n = redis.call('TIME') until "
                    + "(n[1] - s[1]) * 1000000 + n[2] - s[2] > 1500000 return 'done'\" 0\r\n");
            Thread.sleep(700);
            String inflight = admin.get("/inflight").body();
            assertThat(inflight.replace(" ", "")).contains("\"command\":\"blpop\"").contains("\"state\":\"blocked\"")
                    .contains("\"command\":\"eval\"").contains("\"state\":\"running\"");
            String metrics = admin.get("/metrics").body();
            assertThat(metrics).contains("slotway_clients_blocked 1.0")
                    .contains("slotway_long_running_commands 1.0")
                    .containsPattern("slotway_upstream_dedicated_connections\\{[^}]*state=\"in_use\"[^}]*} 1.0")
                    .containsPattern("slotway_upstream_dedicated_events_total\\{event=\"opened\"[^}]*} 1.0");
            assertThat(List.of(slow.readLine(), slow.readLine())).containsExactly("$4", "done");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!admin.get("/metrics").body().contains("slotway_clients_blocked 0.0") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(admin.get("/metrics").body()).contains("slotway_clients_blocked 0.0")
                .containsPattern("slotway_upstream_dedicated_connections\\{[^}]*state=\"in_use\"[^}]*} 0.0");
    }

    /** The BLPOP waits on Redis before the script keeps Redis busy (which would hold its connection's login). */
    private static void awaitBlockedOnRedis() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            while (!direct.info("clients").contains("blocked_clients:1") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void transactionsAreCountedByHowTheyEnded() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("MULTI\r\nSET report:t 1\r\nEXEC\r\n");
            for (int i = 0; i < 4; i++) {
                raw.readLine();
            }
            raw.send("MULTI\r\nDISCARD\r\n");
            raw.readLine();
            raw.readLine();
            raw.send("MULTI\r\nNOSUCHCOMMAND\r\nEXEC\r\n");
            raw.readLine();
            raw.readLine();
            assertThat(raw.readLine()).startsWith("-EXECABORT");
        }
        String metrics = admin.get("/metrics").body();
        assertThat(metrics).containsPattern("slotway_transactions_total\\{result=\"committed\"} [1-9]")
                .containsPattern("slotway_transactions_total\\{result=\"discarded\"} [1-9]")
                .containsPattern("slotway_transactions_total\\{result=\"aborted\"} [1-9]");
    }
}
