package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No write Slotway acknowledged is lost: writers keep going through Slotway while the Redis behind it is killed
 * with SIGKILL and restarted from its append-only file; afterwards every key that got +OK is read back.
 */
class AcknowledgedWritesIT {

    @Test
    void everyWriteThatGotOkSurvivesTheNodeBeingKilledAndRestarted(@TempDir Path data) throws Exception {
        String[] durable = {"--dir", data.toString(), "--appendonly", "yes", "--appendfsync", "always"};
        LocalRedis first = LocalRedis.start(durable);
        int port = first.port();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        LocalRedis second = null;
        try (TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(port, "timeouts:\n  command: 2s"))) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> write(slotway.port(), writer, running, acknowledged, refused)));
            }
            Thread.sleep(700);
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            first.close();
            Thread.sleep(300);
            second = LocalRedis.startOnPort(port, durable);
            Thread.sleep(1_000);
            running.set(false);
            for (Future<?> writer : done) {
                writer.get(10, TimeUnit.SECONDS);
            }
            assertThat(acknowledged).as("writes acknowledged").hasSizeGreaterThan(100);
            assertThat(refused.get()).as("writes refused while the node was down").isPositive();
            try (Jedis direct = new Jedis("127.0.0.1", port)) {
                List<String> lost = new ArrayList<>();
                acknowledged.forEach((key, value) -> {
                    if (!value.equals(direct.get(key))) {
                        lost.add(key);
                    }
                });
                assertThat(lost).as("acknowledged writes missing after the restart").isEmpty();
            }
        } finally {
            running.set(false);
            writers.shutdownNow();
            if (second != null) {
                second.close();
            }
        }
    }

    /** Writes distinct keys until told to stop; a key counts as written only once Slotway answered +OK. */
    private static void write(int port, int writer, AtomicBoolean running, Map<String, String> acknowledged,
                              AtomicInteger refused) {
        int sequence = 0;
        // Bounded by the test's clock: the flag drops after about two seconds.
        while (running.get()) {
            try (Jedis jedis = new Jedis("127.0.0.1", port, 5_000)) {
                while (running.get()) {
                    String key = "ack:" + writer + ":" + sequence;
                    String value = "v" + sequence++;
                    if ("OK".equals(jedis.set(key, value))) {
                        acknowledged.put(key, value);
                    }
                }
            } catch (RuntimeException e) {
                // An error reply (upstream lost or unavailable) or a dropped connection: not acknowledged.
                refused.incrementAndGet();
            }
        }
    }
}
