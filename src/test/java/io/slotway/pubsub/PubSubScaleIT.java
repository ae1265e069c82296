package io.slotway.pubsub;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.SlotwayProcess;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 subscribers of one channel through a Slotway process (a process of its own: the test's sockets and
 * Slotway's together would pass this machine's 20,000 open files): one upstream subscription per event loop, and
 * every subscriber gets every one of 1,000 messages exactly once. The command timeout is long: the process runs
 * Netty's PARANOID leak detector, which slows the burst of 10,000 subscriptions far below production speed.
 */
class PubSubScaleIT {

    @Test
    void tenThousandSubscribersOfOneChannelEachGetEveryOneOfAThousandMessagesExactlyOnce() throws Exception {
        int subscribers = 10_000;
        int messages = 1_000;
        int port = SlotwayProcess.freePort();
        try (LocalRedis redis = LocalRedis.start();
             SlotwayProcess slotway = SlotwayProcess.start(SlotwayProcess.config("""
                     listen: 127.0.0.1:%d
                     event_loop_threads: 2
                     upstreams:
                       main:
                         mode: standalone
                         nodes: ["127.0.0.1:%d"]
                     routes:
                       default: main
                     limits:
                       max_clients: 20000
                     timeouts:
                       command: 20s
                     """.formatted(port, redis.port())), port);
             FanOutCounter counter = new FanOutCounter(port, "ten:thousand", subscribers);
             Jedis direct = new Jedis("127.0.0.1", redis.port());
             Jedis publisher = new Jedis("127.0.0.1", port)) {
            assertThat(counter.awaitSubscribed(60)).as("every subscriber acknowledged; %d did", counter.reached(6))
                    .isTrue();
            assertThat((long) direct.pubsubNumSub("ten:thousand").get("ten:thousand"))
                    .as("one upstream subscription per event loop").isBetween(1L, 2L);
            for (int m = 0; m < messages; m++) {
                publisher.publish("ten:thousand", Integer.toString(m));
            }
            assertThat(counter.awaitEach(messages, 60)).as("every subscriber got every message").isTrue();
            Thread.sleep(200);
            assertThat(counter.most()).as("and none twice").isEqualTo(messages);
        }
    }
}
