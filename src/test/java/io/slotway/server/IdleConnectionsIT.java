package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.AdminClient;
import io.slotway.testing.SlotwayProcess;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 10 000 idle clients on a Slotway process of its own: all accepted, others still served, memory bounded. */
class IdleConnectionsIT {

    private static final int CLIENTS = 10_000;

    @Test
    void tenThousandIdleClientsAreHeldWithinThreeHundredMegabytes() throws Exception {
        Assumptions.assumeTrue(openFileLimit() > CLIENTS + 1_000,
                "needs an open-file limit above " + (CLIENTS + 1_000) + " (ulimit -n; .ci/run raises it)");
        int port = SlotwayProcess.freePort();
        int adminPort = SlotwayProcess.freePort();
        List<SocketChannel> idle = new ArrayList<>(CLIENTS);
        try (LocalRedis redis = LocalRedis.start();
             SlotwayProcess slotway = SlotwayProcess.start(SlotwayProcess.config("""
                     listen: 127.0.0.1:%d
                     upstreams:
                       main:
                         mode: standalone
                         nodes: ["127.0.0.1:%d"]
                     routes:
                       default: main
                     admin: 127.0.0.1:%d
                     limits:
                       max_clients: 20000
                     """.formatted(port, redis.port(), adminPort)), port)) {
            for (int i = 0; i < CLIENTS; i++) {
                idle.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
            AdminClient admin = new AdminClient(adminPort);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Bounded by the deadline.
            while (!admin.get("/metrics").body().contains("slotway_client_connections " + (CLIENTS + ".0"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(admin.get("/metrics").body()).contains("slotway_client_connections " + CLIENTS + ".0");
            try (Jedis other = new Jedis("127.0.0.1", port)) {
                assertThat(other.set("idle:k", "v")).isEqualTo("OK");
                assertThat(other.get("idle:k")).isEqualTo("v");
            }
            assertThat(residentMegabytes(slotway.pid())).as("Slotway's RSS in MB").isLessThan(300);
        } finally {
            for (SocketChannel channel : idle) {
                channel.close();
            }
        }
    }

    private static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                return Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    private static long residentMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
