package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.RawClient;
import io.slotway.testing.SlotwayProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The seed's second symptom: a proxy stuck on a silent upstream ignored SIGTERM. Slotway drains and exits within
 * the drain timeout (plus 2 s) whatever its upstreams do, and a second signal exits at once.
 */
class ShutdownIT {

    private static String config(int listen, int upstream, String commandTimeout, String drainTimeout) {
        return """
                listen: 127.0.0.1:%d
                upstreams:
                  main:
                    mode: standalone
                    nodes: ["127.0.0.1:%d"]
                routes:
                  default: main
                timeouts:
                  connect: 500ms
                  command: %s
                shutdown:
                  drain_timeout: %s
                commands:
                  allow: [debug]
                """.formatted(listen, upstream, commandTimeout, drainTimeout);
    }

    @Test
    void sigtermWhileARequestWaitsOnASilentUpstreamExitsWithinTheDrainTimeout() throws Exception {
        exitsWithinDrainTimeoutOn("TERM");
    }

    @Test
    void sigintWhileARequestWaitsOnASilentUpstreamExitsWithinTheDrainTimeout() throws Exception {
        exitsWithinDrainTimeoutOn("INT");
    }

    private void exitsWithinDrainTimeoutOn(String signal) throws Exception {
        int port = SlotwayProcess.freePort();
        try (FakeUpstream silent = new FakeUpstream();
             SlotwayProcess slotway = SlotwayProcess.start(
                     SlotwayProcess.config(config(port, silent.port(), "60s", "2s")), port);
             RawClient client = new RawClient(port)) {
            client.send("GET stuck\r\n");
            Thread.sleep(300);
            slotway.signal(signal);
            long tookMillis = slotway.awaitExit(2_000 + 2_000);
            assertThat(tookMillis).as("exit after SIG%s; output:%n%s", signal, slotway.output()).isNotNegative();
            assertThat(slotway.exitCode()).isZero();
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void sigtermWhileKeysFanOutWaitsOnASilentShardExitsWithinTheDrainTimeout() throws Exception {
        int port = SlotwayProcess.freePort();
        try (LocalRedis redis = LocalRedis.start();
             FakeUpstream silent = new FakeUpstream();
             SlotwayProcess slotway = SlotwayProcess.start(SlotwayProcess.config(
                     config(port, redis.port(), "60s", "2s")
                             .replace("mode: standalone", "mode: sharded")
                             .replace("nodes: [\"127.0.0.1:" + redis.port() + "\"]",
                                     "nodes: [\"127.0.0.1:" + redis.port() + "\", \"127.0.0.1:" + silent.port() + "\"]")
                             .replace("command: 60s", "command: 60s\n  fanout: 60s")), port);
             RawClient client = new RawClient(port)) {
            client.send("KEYS *\r\n");
            Thread.sleep(300);
            slotway.signal("TERM");
            assertThat(slotway.awaitExit(2_000 + 2_000)).as(slotway.output()).isNotNegative();
            assertThat(slotway.exitCode()).isZero();
        }
    }

    @Test
    void secondSignalExitsAtOnce() throws Exception {
        int port = SlotwayProcess.freePort();
        try (FakeUpstream silent = new FakeUpstream();
             SlotwayProcess slotway = SlotwayProcess.start(
                     SlotwayProcess.config(config(port, silent.port(), "60s", "60s")), port);
             RawClient client = new RawClient(port)) {
            client.send("GET stuck\r\n");
            Thread.sleep(300);
            slotway.signal("TERM");
            assertThat(slotway.awaitExit(1_000)).as("still draining after the first signal").isNegative();
            slotway.signal("TERM");
            assertThat(slotway.awaitExit(2_000)).as(slotway.output()).isNotNegative();
        }
    }

    @Test
    void requestInFlightFinishesDuringDrainAndNewConnectionsAreRefused() throws Exception {
        int port = SlotwayProcess.freePort();
        try (LocalRedis redis = LocalRedis.start("--enable-debug-command", "yes");
             SlotwayProcess slotway = SlotwayProcess.start(
                     SlotwayProcess.config(config(port, redis.port(), "5s", "10s")), port);
             RawClient client = new RawClient(port)) {
            client.send("DEBUG SLEEP 1\r\n");
            Thread.sleep(300);
            slotway.signal("TERM");
            Thread.sleep(200);
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
            assertThat(client.readLine()).isEqualTo("+OK");
            assertThat(slotway.awaitExit(5_000)).as(slotway.output()).isNotNegative();
            assertThat(slotway.exitCode()).isZero();
        }
    }

    @Test
    void sigtermWithAThousandBlockedClientsAndAHundredOpenTransactionsExitsWithinTheDrainTimeout() throws Exception {
        int port = SlotwayProcess.freePort();
        List<RawClient> clients = new ArrayList<>();
        try (LocalRedis redis = LocalRedis.start();
             SlotwayProcess slotway = SlotwayProcess.start(SlotwayProcess.config(
                     // 1,000 dedicated connections open at once on a busy machine: their logins get time.
                     config(port, redis.port(), "1s", "3s").replace("connect: 500ms", "connect: 10s") + """
                             limits:
                               dedicated_connections_per_node: 1000
                             """), port);
             Jedis direct = new Jedis("127.0.0.1", redis.port())) {
            for (int i = 0; i < 1_000; i++) {
                RawClient blocked = new RawClient(port);
                blocked.send("BLPOP drain:q 0\r\n");
                clients.add(blocked);
            }
            List<RawClient> transactions = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                RawClient transaction = new RawClient(port);
                transaction.send((i % 2 == 0 ? "WATCH drain:w" + i + "\r\n" : "") + "MULTI\r\nSET drain:t" + i + " v\r\n");
                transactions.add(transaction);
            }
            clients.addAll(transactions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (blockedClients(direct) < 1_000 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(blockedClients(direct)).isEqualTo(1_000);
            slotway.signal("TERM");
            long tookMillis = slotway.awaitExit(3_000 + 2_000);
            assertThat(tookMillis).as("exit after SIGTERM; output:%n%s", slotway.output()).isNotNegative();
            assertThat(slotway.exitCode()).isZero();
            clients.get(0).timeout(1_000);
            assertThat(clients.get(0).readLine()).as("a blocked client is told, not just cut off")
                    .startsWith("-ERR Slotway is shutting down");
            assertThat(blockedClients(direct)).isZero();
            direct.lpush("drain:q", "after");
            assertThat(direct.lrange("drain:q", 0, -1)).as("nothing popped after the drain").containsExactly("after");
            for (int i = 0; i < 100; i++) {
                assertThat(direct.exists("drain:t" + i)).as("an open transaction never ran").isFalse();
            }
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void sigtermWithTenThousandSubscribersKeepsDeliveringUntilTheDrainDeadlineAndExitsInTime() throws Exception {
        int port = SlotwayProcess.freePort();
        List<RawClient> subscribers = new ArrayList<>();
        try (LocalRedis redis = LocalRedis.start();
             SlotwayProcess slotway = SlotwayProcess.start(SlotwayProcess.config(config(port, redis.port(), "5s", "3s")
                     + """
                     limits:
                       max_clients: 20000
                     """), port)) {
            for (int i = 0; i < 10_000; i++) {
                RawClient subscriber = new RawClient(port);
                subscriber.send("SUBSCRIBE drain:news\r\n");
                subscribers.add(subscriber);
            }
            // Every acknowledgement: *3, $9, subscribe, $10, drain:news, :1.
            for (RawClient subscriber : subscribers) {
                for (int line = 0; line < 6; line++) {
                    subscriber.readLine();
                }
            }
            slotway.signal("TERM");
            Thread.sleep(300);
            try (Jedis direct = new Jedis("127.0.0.1", redis.port())) {
                direct.publish("drain:news", "while draining");
            }
            // *3, $7, message, $10, drain:news, $14, while draining: subscribers keep receiving until the deadline.
            List<String> frame = new ArrayList<>();
            for (int line = 0; line < 7; line++) {
                frame.add(subscribers.get(0).readLine());
            }
            assertThat(frame).endsWith("while draining");
            long tookMillis = slotway.awaitExit(3_000 + 2_000);
            assertThat(tookMillis).as("exit after SIGTERM; output:%n%s", slotway.output()).isNotNegative();
            assertThat(slotway.exitCode()).isZero();
            assertThat(subscribers.get(0).closedByServer()).isTrue();
            assertThat(slotway.output()).as("closed at the deadline, not cut off as busy")
                    .doesNotContain("still busy");
        } finally {
            for (RawClient subscriber : subscribers) {
                subscriber.close();
            }
        }
    }

    private static long blockedClients(Jedis direct) {
        for (String line : direct.info("clients").split("\r\n")) {
            if (line.startsWith("blocked_clients:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1));
            }
        }
        throw new AssertionError("no blocked_clients");
    }
}
