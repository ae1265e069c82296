package io.slotway.pubsub;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

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
            assertThat(Subscribers.readArray(client)).containsExactly("subscribe", "partition:ch", "1");
            stopped = Subscribers.holder(cluster, "partition:ch");
            assertThat(stopped).as("one primary holds Slotway's subscription").isNotNull();
            signal(stopped, "STOP");
            LocalRedis survivor = cluster.primaries().stream().filter(node -> node != stopped).findFirst()
                    .orElseThrow();
            List<String> received = Subscribers.publishUntilReceived(client, survivor, "partition:ch", 45);
            assertThat(received).as("a message after the failover").isNotNull();
            assertThat(received.subList(0, 2)).containsExactly("message", "partition:ch");
        }
    }

    private static void signal(LocalRedis node, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start().waitFor();
    }
}
