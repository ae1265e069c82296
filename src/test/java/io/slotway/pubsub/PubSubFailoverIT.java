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
 * A cluster primary that Slotway's subscriber connection is on dies and its replica takes over: Slotway places the
 * subscription again, and the client keeps receiving without subscribing again.
 */
class PubSubFailoverIT {

    private static LocalCluster cluster;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalCluster.start(3, 1);
        slotway = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        cluster.close();
    }

    @Test
    void subscriberKeepsReceivingAfterThePrimaryItIsSubscribedOnDies() throws Exception {
        try (RawClient client = new RawClient(slotway.port())) {
            client.send("*2\r\n$9\r\nSUBSCRIBE\r\n$11\r\nfailover:ch\r\n");
            assertThat(readArray(client)).containsExactly("subscribe", "failover:ch", "1");
            LocalRedis holder = null;
            for (LocalRedis primary : cluster.primaries()) {
                try (Jedis direct = new Jedis("127.0.0.1", primary.port())) {
                    if ((Long) direct.pubsubNumSub("failover:ch").get("failover:ch") > 0) {
                        holder = primary;
                    }
                }
            }
            assertThat(holder).as("one primary holds Slotway's subscription").isNotNull();
            holder.kill();
            LocalRedis survivor = cluster.primaries().stream().filter(node -> node.isAlive()).findFirst()
                    .orElseThrow();
            client.timeout(300);
            List<String> received = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            // Bounded by the deadline: publish until the subscription is back (the failover takes seconds).
            for (int i = 0; received == null && System.nanoTime() < deadline; i++) {
                try (Jedis publisher = new Jedis("127.0.0.1", survivor.port())) {
                    publisher.publish("failover:ch", "m" + i);
                }
                try {
                    received = readArray(client);
                } catch (SocketTimeoutException notYet) {
                    // Not subscribed again yet.
                }
            }
            assertThat(received).as("a message after the failover").isNotNull();
            assertThat(received.subList(0, 2)).containsExactly("message", "failover:ch");
        }
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
