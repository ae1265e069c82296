package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies leave in request order whoever answers first; pending limits pause reading without losing anything. */
class OrderingAndBackpressureIT {

    private static LocalRedis redis;
    private static TestSlotway slotway;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start("--enable-debug-command", "yes");
        slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(), """
                commands:
                  allow: [debug]
                timeouts:
                  command: 10s
                limits:
                  max_pending_requests: 50
                """).replace("nodes: [", "connections_per_node: 3\n    nodes: ["));
    }

    @AfterAll
    static void stop() {
        slotway.close();
        redis.close();
    }

    @Test
    void localReplyWaitsForAnEarlierForwardedReply() throws Exception {
        try (RawClient raw = new RawClient(slotway.port())) {
            raw.send("DEBUG SLEEP 0.3\r\nPING\r\nECHO after\r\n");
            assertThat(raw.readLine()).isEqualTo("+OK");
            assertThat(raw.readLine()).isEqualTo("+PONG");
            assertThat(raw.readLine()).isEqualTo("$5");
            assertThat(raw.readLine()).isEqualTo("after");
        }
    }

    @Test
    void pipelineFarBeyondThePendingLimitIsAnsweredCompletelyAndInOrder() {
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 30_000)) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<Long>> replies = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                replies.add(pipeline.incr("backpressure:counter"));
            }
            pipeline.sync();
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i).get()).isEqualTo(i + 1L);
            }
        }
    }

    @Test
    void manyClientsOverSeveralConnectionsPerNodeEachSeeTheirOwnOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                String key = "order:" + client;
                results.add(pool.submit(() -> {
                    try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 30_000)) {
                        Pipeline pipeline = jedis.pipelined();
                        List<Response<String>> gets = new ArrayList<>();
                        for (int i = 0; i < 2_000; i++) {
                            pipeline.set(key, Integer.toString(i));
                            gets.add(pipeline.get(key));
                        }
                        pipeline.sync();
                        for (int i = 0; i < gets.size(); i++) {
                            if (!gets.get(i).get().equals(Integer.toString(i))) {
                                return false;
                            }
                        }
                        return true;
                    }
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void stalledUpstreamConnectionIsClosedAfterTwiceTheLongestDeadline() throws Exception {
        try (FakeUpstream silent = new FakeUpstream();
             TestSlotway proxy = TestSlotway.start(TestSlotway.standaloneYaml(silent.port(),
                     "timeouts:\n  command: 200ms\n  fanout: 200ms\n  connect: 200ms"));
             RawClient raw = new RawClient(proxy.port())) {
            silent.nextConnection(5_000); // the start-up probe
            raw.send("GET a\r\n");
            Socket upstream = silent.nextConnection(5_000);
            assertThat(raw.readLine()).isEqualTo("-ERR upstream timeout");
            assertThat(silent.awaitClosedByProxy(upstream, 3_000)).as("proxy closed the stalled connection").isTrue();
        }
    }
}
