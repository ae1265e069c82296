package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.RawClient;
import io.slotway.testing.SlotwayProcess;
import org.junit.jupiter.api.Test;

import java.net.Socket;

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
}
