package io.slotway.blocking;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.ClusterMoves;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client blocked through Slotway keeps waiting, as if on one Redis, when the cluster changes under it: its node
 * fails over to a replica (Redis answers {@code -UNBLOCKED}), or its slot moves to another primary ({@code -MOVED}).
 * Slotway reads the slot map again and sends the command where the keys are now, with the time it has left.
 */
class BlockingFailoverIT {

    private LocalCluster cluster;
    private TestSlotway slotway;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws Exception {
        cluster = LocalCluster.start(3, 1);
        slotway = TestSlotway.start(TestSlotway.clusterYaml(cluster, ""));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        slotway.close();
        cluster.close();
    }

    private Jedis client() {
        return new Jedis("127.0.0.1", slotway.port(), 20_000);
    }

    @Test
    void aBlpopWaitingDuringAFailoverIsServedByTheNewPrimary() throws Exception {
        String key = "{failover}:q";
        LocalRedis primary = ClusterMoves.owner(cluster, key);
        CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> {
            try (Jedis jedis = client()) {
                return jedis.blpop(0, key);
            }
        }, pool);
        awaitBlocked(primary, 1);
        LocalRedis replica = replicaOf(primary);
        LocalCluster.call(replica, "CLUSTER", "FAILOVER");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!"master".equals(role(replica)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(role(replica)).isEqualTo("master");
        awaitBlocked(replica, 1);
        assertThat(popped.isDone()).as("still waiting, as on one Redis").isFalse();
        try (Jedis pusher = client()) {
            pusher.rpush(key, "job");
        }
        assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly(key, "job");
    }

    @Test
    void aBlpopWaitingWhileItsSlotMovesIsServedByTheNewOwnerWithinItsOwnTimeout() throws Exception {
        String key = "{moving}:q";
        LocalRedis from = ClusterMoves.owner(cluster, key);
        LocalRedis to = ClusterMoves.otherPrimary(cluster, from);
        long start = System.nanoTime();
        CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> {
            try (Jedis jedis = client()) {
                return jedis.blpop(8, key);
            }
        }, pool);
        awaitBlocked(from, 1);
        ClusterMoves.moveSlot(cluster, key, from, to);
        awaitBlocked(to, 1);
        try (Jedis pusher = client()) {
            pusher.rpush(key, "job");
        }
        assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly(key, "job");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(8);
    }

    @Test
    void aBlpopOnAnEmptyListWhoseSlotIsMigratingWaitsOnTheNewOwner() throws Exception {
        String key = "{asking}:q";
        LocalRedis from = ClusterMoves.owner(cluster, key);
        LocalRedis to = ClusterMoves.otherPrimary(cluster, from);
        String slot = String.valueOf(LocalCluster.call(from, "CLUSTER", "KEYSLOT", key));
        LocalCluster.call(to, "CLUSTER", "SETSLOT", slot, "IMPORTING", ClusterMoves.id(from));
        LocalCluster.call(from, "CLUSTER", "SETSLOT", slot, "MIGRATING", ClusterMoves.id(to));
        CompletableFuture<List<String>> popped = CompletableFuture.supplyAsync(() -> {
            try (Jedis jedis = client()) {
                return jedis.blpop(10, key);
            }
        }, pool);
        // The old owner answers -ASK (the key is not there) until the move ends.
        Thread.sleep(250);
        for (LocalRedis node : cluster.primaries()) {
            LocalCluster.call(node, "CLUSTER", "SETSLOT", slot, "NODE", ClusterMoves.id(to));
        }
        awaitBlocked(to, 1);
        try (Jedis pusher = client()) {
            pusher.rpush(key, "job");
        }
        assertThat(popped.get(10, TimeUnit.SECONDS)).containsExactly(key, "job");
    }

    private LocalRedis replicaOf(LocalRedis primary) throws Exception {
        for (LocalRedis replica : cluster.replicas()) {
            try (Jedis direct = new Jedis("127.0.0.1", replica.port())) {
                if (direct.info("replication").contains("master_port:" + primary.port())) {
                    return replica;
                }
            }
        }
        throw new AssertionError("no replica of " + primary.port());
    }

    private static String role(LocalRedis node) {
        try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
            return String.valueOf(direct.role().get(0));
        }
    }

    private static void awaitBlocked(LocalRedis node, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (blocked(node) != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(blocked(node)).as("blocked clients on " + node.port()).isEqualTo(count);
    }

    private static long blocked(LocalRedis node) {
        try (Jedis direct = new Jedis("127.0.0.1", node.port())) {
            for (String line : direct.info("clients").split("\r\n")) {
                if (line.startsWith("blocked_clients:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1));
                }
            }
        }
        throw new AssertionError("no blocked_clients");
    }
}
