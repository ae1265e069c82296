package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.testing.CapturedLogs;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A reload that replaces a cluster upstream while a request is still on its way to a node. */
class ClusterReloadIT {

    @TempDir
    Path dir;

    private static String config(LocalCluster cluster, String refresh) {
        return """
                listen: 127.0.0.1:0
                event_loop_threads: 1
                timeouts: {command: 200ms, fanout: 200ms}
                commands:
                  allow: [debug]
                upstreams:
                  main:
                    mode: cluster
                    refresh_interval: %s
                    nodes: [%s]
                routes:
                  default: main
                """.formatted(refresh, cluster.seeds());
    }

    @Test
    void replacingAClusterUpstreamWithARequestInFlightLogsNoErrorAndServesOn() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, 0, "--enable-debug-command", "yes");
             CapturedLogs logs = new CapturedLogs()) {
            Path file = dir.resolve("slotway.yaml");
            Files.writeString(file, config(cluster, "5s"));
            try (TestSlotway slotway = TestSlotway.fromFile(file); RawClient raw = new RawClient(slotway.port())) {
                // The node sleeps past the request's deadline and past the retired upstream's grace (2 x 200 ms),
                // so the request is still on the old connection when that connection is closed.
                assertThat(raw.send("DEBUG SLEEP 1.5\r\n").readLine()).isEqualTo("-ERR upstream timeout");
                Files.writeString(file, config(cluster, "4s"));
                slotway.server().reloadFromFile();
                Thread.sleep(2000);
                assertThat(raw.send("SET reload:k v\r\n").readLine()).isEqualTo("+OK");
                try (Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
                    assertThat(jedis.get("reload:k")).isEqualTo("v");
                }
            }
            assertThat(logs.lines()).noneMatch(line -> line.contains("Exception]"));
        }
    }
}
