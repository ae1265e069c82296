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
            assertThat(Subscribers.readArray(client)).containsExactly("subscribe", "failover:ch", "1");
            LocalRedis holder = Subscribers.holder(cluster, "failover:ch");
            assertThat(holder).as("one primary holds Slotway's subscription").isNotNull();
            holder.kill();
            LocalRedis survivor = cluster.primaries().stream().filter(node -> node.isAlive()).findFirst()
                    .orElseThrow();
            List<String> received = Subscribers.publishUntilReceived(client, survivor, "failover:ch", 40);
            assertThat(received).as("a message after the failover").isNotNull();
            assertThat(received.subList(0, 2)).containsExactly("message", "failover:ch");
        }
    }
}
