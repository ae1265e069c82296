package io.slotway.blocking;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real job queue from Maven Central, Redisson's blocking queue, run through Slotway as its users run it: workers
 * block in BLPOP for jobs that producers push, and every job enqueued is processed exactly once, in front of one
 * node and of a three-shard Redis Cluster; and its atomic batches, which it runs as MULTI/EXEC.
 */
class RedissonQueueIT {

    private static final int JOBS = 2_000;
    private static final int WORKERS = 8;

    private static LocalRedis single;
    private static LocalCluster cluster;
    private static TestSlotway standalone;
    private static TestSlotway clustered;

    @BeforeAll
    static void start() throws Exception {
        single = LocalRedis.start();
        standalone = TestSlotway.standalone(single.port());
        cluster = LocalCluster.start(3, 0);
        clustered = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    @AfterAll
    static void stop() {
        standalone.close();
        clustered.close();
        single.close();
        cluster.close();
    }

    @Test
    void everyJobIsProcessedExactlyOnceThroughSlotwayStandalone() throws Exception {
        runQueue(standalone, "jobs:standalone");
    }

    @Test
    void everyJobIsProcessedExactlyOnceThroughSlotwayCluster() throws Exception {
        runQueue(clustered, "jobs:cluster");
    }

    @Test
    void redissonAtomicBatchesRunAsTransactionsInEveryMode() {
        for (TestSlotway slotway : new TestSlotway[] {standalone, clustered}) {
            RedissonClient redisson = client(slotway);
            try {
                redisson.getAtomicLong("{acct}:balance").set(0);
                for (int i = 0; i < 50; i++) {
                    RBatch batch = redisson.createBatch(BatchOptions.defaults()
                            .executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
                    batch.getAtomicLong("{acct}:balance").incrementAndGetAsync();
                    batch.getAtomicLong("{acct}:deposits").incrementAndGetAsync();
                    assertThat(batch.execute().getResponses()).hasSize(2);
                }
                assertThat(redisson.getAtomicLong("{acct}:balance").get()).isEqualTo(50);
            } finally {
                redisson.shutdown();
            }
        }
    }

    private static RedissonClient client(TestSlotway slotway) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + slotway.port())
                .setConnectionMinimumIdleSize(4).setConnectionPoolSize(WORKERS + 4)
                .setSubscriptionConnectionMinimumIdleSize(0).setTimeout(5_000);
        return Redisson.create(config);
    }

    private static void runQueue(TestSlotway slotway, String name) throws Exception {
        RedissonClient redisson = client(slotway);
        ExecutorService threads = Executors.newFixedThreadPool(WORKERS + 1);
        try {
            RBlockingQueue<String> queue = redisson.getBlockingQueue(name);
            queue.delete();
            Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
            AtomicInteger done = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                workers.add(threads.submit(() -> {
                    // Bounded: stops once every job is in, or after 60 s of polling.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (done.get() < JOBS && System.nanoTime() < deadline) {
                        String job = queue.poll(1, TimeUnit.SECONDS);
                        if (job != null) {
                            processed.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet();
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Future<?> producer = threads.submit(() -> {
                for (int i = 0; i < JOBS; i++) {
                    queue.offer("job-" + i);
                }
                return null;
            });
            producer.get(60, TimeUnit.SECONDS);
            for (Future<?> worker : workers) {
                worker.get(90, TimeUnit.SECONDS);
            }
            assertThat(processed).hasSize(JOBS);
            assertThat(processed.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
            assertThat(queue.size()).isZero();
        } finally {
            threads.shutdownNow();
            redisson.shutdown();
        }
    }
}
