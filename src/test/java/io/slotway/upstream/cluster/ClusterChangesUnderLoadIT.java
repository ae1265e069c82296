package io.slotway.upstream.cluster;

import io.slotway.demo.LocalCluster;
import io.slotway.demo.LocalRedis;
import io.slotway.testing.TestSlotway;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Slot migration and failover while clients write through Slotway: bounded in count and time. */
class ClusterChangesUnderLoadIT {

    private static String id(LocalRedis node) throws Exception {
        return String.valueOf(LocalCluster.call(node, "CLUSTER", "MYID"));
    }

    /** Writes distinct keys until stopped; records every acknowledged key and every error. */
    private static final class Writer extends Thread {
        final List<String> acknowledged = new ArrayList<>();
        final List<String> errors = new ArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger written = new AtomicInteger();
        private final int port;
        private final String prefix;

        Writer(int port, String prefix) {
            this.port = port;
            this.prefix = prefix;
        }

        @Override
        public void run() {
            long deadline = System.currentTimeMillis() + 60_000;
            try (Jedis jedis = new Jedis("127.0.0.1", port, 10_000)) {
                for (int i = 0; i < 200_000 && !stop.get() && System.currentTimeMillis() < deadline; i++) {
                    String key = prefix + i;
                    try {
                        if ("OK".equals(jedis.set(key, "v" + i))) {
                            acknowledged.add(key);
                        }
                    } catch (JedisDataException e) {
                        errors.add(e.getMessage());
                    }
                    written.incrementAndGet();
                }
            }
        }
    }

    @Test
    void slotMigrationUnderLoadShowsClientsNoErrors() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(2, 0);
             TestSlotway slotway = TestSlotway.start(ClusterIT.config(cluster, "1s"))) {
            Writer writer = new Writer(slotway.port(), "mig:");
            writer.start();
            awaitWrites(writer, 2_000);
            LocalRedis from = cluster.primaries().get(0);
            LocalRedis to = cluster.primaries().get(1);
            // Move 20 of the source's slots, key by key, while the writer keeps going.
            for (int slot = 0; slot < 20; slot++) {
                String s = Integer.toString(slot);
                LocalCluster.call(to, "CLUSTER", "SETSLOT", s, "IMPORTING", id(from));
                LocalCluster.call(from, "CLUSTER", "SETSLOT", s, "MIGRATING", id(to));
                // Bounded: each round moves up to 100 keys; a slot holds far fewer in this test.
                for (int round = 0; round < 100; round++) {
                    List<?> keys = (List<?>) LocalCluster.call(from, "CLUSTER", "GETKEYSINSLOT", s, "100");
                    if (keys.isEmpty()) {
                        break;
                    }
                    List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1",
                            Integer.toString(to.port()), "", "0", "5000", "KEYS"));
                    keys.forEach(key -> migrate.add(String.valueOf(key)));
                    LocalCluster.call(from, migrate.toArray(new String[0]));
                }
                for (LocalRedis node : cluster.primaries()) {
                    LocalCluster.call(node, "CLUSTER", "SETSLOT", s, "NODE", id(to));
                }
            }
            awaitWrites(writer, writer.written.get() + 2_000);
            writer.stop.set(true);
            writer.join(30_000);
            assertThat(writer.errors).isEmpty();
            assertEveryAcknowledgedKeyIsThere(slotway, writer);
        }
    }

    @Test
    void failoverUnderLoadErrsOnlyInTheWindowThenRecoversLosingNoAcknowledgedWrite() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3, 1, "--appendonly", "yes", "--appendfsync", "always");
             TestSlotway slotway = TestSlotway.start(ClusterIT.config(cluster, "1s"))) {
            Writer writer = new Writer(slotway.port(), "fo:");
            writer.start();
            awaitWrites(writer, 2_000);
            LocalRedis replica = cluster.replicas().get(0);
            LocalCluster.call(replica, "CLUSTER", "FAILOVER");
            long deadline = System.currentTimeMillis() + 30_000;
            // Bounded by the deadline: wait until the replica has taken over.
            while (!String.valueOf(LocalCluster.call(replica, "INFO", "replication")).contains("role:master")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            int afterFailover = writer.written.get();
            awaitWrites(writer, afterFailover + 3_000);
            int errorsBefore = writer.errors.size();
            awaitWrites(writer, writer.written.get() + 2_000);
            writer.stop.set(true);
            writer.join(30_000);
            assertThat(writer.errors.size()).as("no errors once recovered: %s", writer.errors)
                    .isEqualTo(errorsBefore);
            assertEveryAcknowledgedKeyIsThere(slotway, writer);
        }
    }

    private static void awaitWrites(Writer writer, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (writer.written.get() < count && writer.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void assertEveryAcknowledgedKeyIsThere(TestSlotway slotway, Writer writer) {
        try (Jedis jedis = new Jedis("127.0.0.1", slotway.port(), 10_000)) {
            for (int from = 0; from < writer.acknowledged.size(); from += 500) {
                List<String> batch = writer.acknowledged.subList(from, Math.min(writer.acknowledged.size(), from + 500));
                List<String> values = jedis.mget(batch.toArray(new String[0]));
                for (int i = 0; i < batch.size(); i++) {
                    assertThat(values.get(i)).as("acknowledged %s", batch.get(i)).isNotNull();
                }
            }
        }
    }
}
