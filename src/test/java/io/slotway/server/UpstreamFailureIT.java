package io.slotway.server;

import io.slotway.demo.LocalRedis;
import io.slotway.testing.FakeUpstream;
import io.slotway.testing.RawClient;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Upstreams that stop, restart, stall or answer late: clients get clear errors, never another request's reply. */
class UpstreamFailureIT {

    /** The fake upstream's connections are told apart by order; health-check connections would shuffle them. */
    private static final String NO_HEALTH_CHECKS = "monitoring:\n  health_check_interval: 0s\n";

    @Test
    void upstreamThatNeverAnswersGivesATimeoutError() throws Exception {
        try (FakeUpstream fake = new FakeUpstream();
             TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(fake.port(),
                     NO_HEALTH_CHECKS + "timeouts:\n  command: 300ms\n  connect: 300ms"));
             RawClient raw = new RawClient(slotway.port())) {
            raw.send("GET a\r\n");
            assertThat(raw.readLine()).isEqualTo("-ERR upstream timeout");
        }
    }

    @Test
    void flappingNodeIsReconnectedAtABackedOffRateNotPerRequest() throws Exception {
        try (FakeUpstream flapping = new FakeUpstream();
             TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(flapping.port(), NO_HEALTH_CHECKS)
                     .replace("event_loop_threads: 2", "event_loop_threads: 1"));
             RawClient raw = new RawClient(slotway.port())) {
            AtomicBoolean stop = new AtomicBoolean();
            // Accepts every connection and drops it at once, as a node stuck in a crash loop behind a proxy does.
            Thread closer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        Socket socket = flapping.pollConnection(20);
                        if (socket != null) {
                            socket.close();
                        }
                    }
                } catch (Exception ignored) {
                    // test over
                }
            });
            closer.start();
            int requests = 0;
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
            // Bounded: 1.5 s, and at most 100 000 requests.
            while (System.nanoTime() < end && requests < 100_000) {
                assertThat(raw.send("GET flap\r\n").readLine()).startsWith("-ERR upstream");
                requests++;
            }
            stop.set(true);
            closer.join(1000);
            // Backoff 50, 100, 200, 400, 800 ms (+-10%): about 6 attempts in 1.5 s, however many requests came.
            assertThat(requests).isGreaterThan(100);
            assertThat(flapping.acceptedCount()).isBetween(2, 8);
        }
    }

    @Test
    void lateReplyIsDiscardedAndNeverReachesTheNextRequest() throws Exception {
        try (FakeUpstream fake = new FakeUpstream();
             TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(fake.port(),
                     NO_HEALTH_CHECKS + "timeouts:\n  command: 300ms\n  connect: 300ms"));
             RawClient raw = new RawClient(slotway.port())) {
            fake.nextConnection(5_000); // the start-up probe, which gave up on INFO
            raw.send("GET first\r\n");
            Socket upstream = fake.nextConnection(5_000);
            assertThat(raw.readLine()).isEqualTo("-ERR upstream timeout");
            raw.send("GET second\r\n");
            FakeUpstream.reply(upstream, "$10\r\nlate-first\r\n$6\r\nsecond\r\n");
            assertThat(raw.readLine()).isEqualTo("$6");
            assertThat(raw.readLine()).isEqualTo("second");
        }
    }

    @Test
    void upstreamDownGivesAClearErrorAndRecoveryFollows() throws Exception {
        int port = LocalRedis.freePort();
        try (TestSlotway slotway = TestSlotway.standalone(port); Jedis jedis = new Jedis("127.0.0.1", slotway.port())) {
            String error = null;
            try {
                jedis.get("k");
            } catch (JedisDataException e) {
                error = e.getMessage();
            }
            assertThat(error).startsWith("ERR upstream unavailable: 127.0.0.1:" + port);
            try (LocalRedis redis = LocalRedis.startOnPort(port)) {
                assertThat(eventually(() -> jedis.set("k", "v"))).isEqualTo("OK");
                assertThat(jedis.get("k")).isEqualTo("v");
            }
        }
    }

    @Test
    void upstreamRestartMidTrafficGivesErrorsThenRecoversAndNeverAWrongReply() throws Exception {
        int port = LocalRedis.freePort();
        LocalRedis redis = LocalRedis.startOnPort(port);
        try (TestSlotway slotway = TestSlotway.standalone(port);
             Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 5_000)) {
            List<String> errors = new ArrayList<>();
            int okAfterRestart = 0;
            boolean restarted = false;
            long stopAt = System.currentTimeMillis() + 30_000;
            // Bounded in count and time; ends once 200 round trips succeeded after the restart.
            for (int i = 0; i < 100_000 && okAfterRestart < 200 && System.currentTimeMillis() < stopAt; i++) {
                if (i == 300) {
                    redis.kill();
                }
                if (i == 400) {
                    redis = LocalRedis.startOnPort(port);
                    restarted = true;
                }
                try {
                    // SET then GET of a key unique to this iteration: another request's reply would show here.
                    String set = jedis.set("restart:" + i, "v" + i);
                    assertThat(set).isEqualTo("OK");
                    assertThat(jedis.get("restart:" + i)).isEqualTo("v" + i);
                    okAfterRestart += restarted ? 1 : 0;
                } catch (JedisDataException e) {
                    errors.add(e.getMessage());
                    Thread.sleep(1);
                }
            }
            assertThat(restarted).isTrue();
            assertThat(okAfterRestart).isEqualTo(200);
            assertThat(errors).isNotEmpty().allSatisfy(error -> assertThat(error).startsWith("ERR upstream"));
            assertThat(jedis.set("after", "restart")).isEqualTo("OK");
            assertThat(jedis.get("after")).isEqualTo("restart");
        } finally {
            redis.close();
        }
    }

    private static <T> T eventually(java.util.concurrent.Callable<T> action) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                return action.call();
            } catch (JedisDataException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void requestsPastTheNodesPendingLimitFailFastAsBusy() throws Exception {
        try (FakeUpstream silent = new FakeUpstream();
             TestSlotway slotway = TestSlotway.start(TestSlotway.standaloneYaml(silent.port(), NO_HEALTH_CHECKS
                     + "timeouts:\n  command: 500ms\n  connect: 300ms\n")
                     .replace("nodes: [", "max_pending_requests: 3\n    nodes: ["));
             RawClient raw = new RawClient(slotway.port())) {
            raw.send("GET a\r\nGET b\r\nGET c\r\nGET d\r\nGET e\r\n");
            // Replies leave in request order: the three the node holds time out, the two past the limit were
            // refused at once rather than queued behind them.
            for (int i = 0; i < 3; i++) {
                assertThat(raw.readLine()).isEqualTo("-ERR upstream timeout");
            }
            for (int i = 0; i < 2; i++) {
                assertThat(raw.readLine()).startsWith("-ERR upstream busy: 127.0.0.1:" + silent.port()
                        + " has 3 requests pending (upstreams.main.max_pending_requests)");
            }
        }
    }
}
