package io.slotway.server;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.CommonCommandSuite;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every transport a config can name serves clients alike, in front of one real redis-server. */
class TransportIT {

    private static LocalRedis redis;

    @BeforeAll
    static void start() throws Exception {
        redis = LocalRedis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "epoll", "nio"})
    void everyTransportServesCommandsAndPipelinesInOrder(String transport) throws Exception {
        assumeTrue(!transport.equals("io_uring") || IoUring.isAvailable(), "io_uring does not load here");
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll does not load here");
        try (TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(redis.port(),
                "transport: " + transport));
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            new CommonCommandSuite(jedis, transport + ":").runAll();
            Pipeline pipeline = jedis.pipelined();
            List<Response<String>> gets = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                pipeline.set(transport + ":pipe:" + i, "value-" + i);
                gets.add(pipeline.get(transport + ":pipe:" + i));
            }
            pipeline.sync();
            for (int i = 0; i < 1_000; i++) {
                assertThat(gets.get(i).get()).isEqualTo("value-" + i);
            }
        }
    }
}
