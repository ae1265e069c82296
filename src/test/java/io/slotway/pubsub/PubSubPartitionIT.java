package io.slotway.pubsub;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary holding Slotway's subscription stops answering without closing its connections (SIGSTOP, as a
 * partition looks from here) and its replica takes over: Slotway's heartbeat notices, the subscription is placed
 * again, and the client keeps receiving.
 */
class PubSubPartitionIT {

    private static LocalCluster cluster;
    private static TestSlotway slotway;
    private static LocalRedis stopped;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(3, 1);
        slotway = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stopped != null) {
            signal(stopped, "CONT");
        }
        slotway.close();
        cluster.close();
    }

    @Test
    void subscriberKeepsReceivingAfterThePrimaryItIsSubscribedOnStopsAnswering() throws Exception {
        try (RawClient client = new RawClient(slotway.port())) {
            client.send("*2\r\n$9\r\nSUBSCRIBE\r\n$12\r\npartition:ch\r\n");
            assertThat(readArray(client)).containsExactly("subscribe", "partition:ch", "1");
            for (LocalRedis primary : cluster.primaries()) {
                try (Jedis direct = new Jedis("127.0.0.1", primary.port())) {
                    if ((Long) direct.pubsubNumSub("partition:ch").get("partition:ch") > 0) {
                        stopped = primary;
                    }
                }
            }
            assertThat(stopped).as("one primary holds Slotway's subscription").isNotNull();
            signal(stopped, "STOP");
            LocalRedis survivor = cluster.primaries().stream().filter(node -> node != stopped).findFirst()
                    .orElseThrow();
            client.timeout(300);
            List<String> received = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
            // Bounded by the deadline: publish until the subscription is back (failover, then the heartbeat).
            for (int i = 0; received == null && System.nanoTime() < deadline; i++) {
                try (Jedis publisher = new Jedis("127.0.0.1", survivor.port())) {
                    publisher.publish("partition:ch", "m" + i);
                }
                try {
                    received = readArray(client);
                } catch (SocketTimeoutException notYet) {
                    // Not subscribed again yet.
                }
            }
            assertThat(received).as("a message after the failover").isNotNull();
            assertThat(received.subList(0, 2)).containsExactly("message", "partition:ch");
        }
    }

    private static void signal(LocalRedis node, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start().waitFor();
    }

    private static List<String> readArray(RawClient client) throws IOException {
        String header = client.readLine();
        List<String> elements = new ArrayList<>();
        for (int i = Integer.parseInt(header.substring(1)); i > 0; i--) {
            String line = client.readLine();
            elements.add(line.startsWith("$") ? client.readLine() : line.substring(1));
        }
        return elements;
    }
}
