package io.slotway.demo;

import io.slotway.config.HostAndPort;
import io.slotway.upstream.BlockingRedis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster of local redis-server processes on free loopback ports: {@code shards} primaries sharing
 * the 16384 slots evenly, each with {@code replicasPerShard} replicas. Built the way an operator would: slots
 * assigned, nodes met, replicas attached, then waited on until every node reports {@code cluster_state:ok}.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<LocalRedis> primaries = new ArrayList<>();
    private final List<LocalRedis> replicas = new ArrayList<>();

    private LocalCluster() {
    }

    public static LocalCluster start(int shards, int replicasPerShard, String... extraArgs)
            throws IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster();
        try {
            cluster.build(shards, replicasPerShard, extraArgs);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void build(int shards, int replicasPerShard, String[] extraArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                "nodes.conf", "--cluster-node-timeout", "2000",
                // Replicas sync at once instead of after Redis's default 5 s wait for more replicas to join.
                "--repl-diskless-sync-delay", "0"));
        args.addAll(List.of(extraArgs));
        String[] nodeArgs = args.toArray(new String[0]);
        for (int i = 0; i < shards; i++) {
            primaries.add(LocalRedis.start(nodeArgs));
        }
        for (int i = 0; i < shards * replicasPerShard; i++) {
            replicas.add(LocalRedis.start(nodeArgs));
        }
        int per = 16384 / shards;
        for (int i = 0; i < shards; i++) {
            int start = i * per;
            int end = i == shards - 1 ? 16383 : start + per - 1;
            // ADDSLOTS rather than 7.0's ADDSLOTSRANGE, so the bundled Redis 6.2 can build a cluster too.
            List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = start; slot <= end; slot++) {
                command.add(Integer.toString(slot));
            }
            call(primaries.get(i), command.toArray(new String[0]));
        }
        List<LocalRedis> all = nodes();
        for (LocalRedis node : all.subList(1, all.size())) {
            call(all.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
        }
        awaitEveryNodeKnowsAll(all.size());
        for (int i = 0; i < replicas.size(); i++) {
            String primaryId = String.valueOf(call(primaries.get(i / replicasPerShard), "CLUSTER", "MYID"));
            call(replicas.get(i), "CLUSTER", "REPLICATE", primaryId);
        }
        awaitHealthy(1 + replicasPerShard);
    }

    private void awaitEveryNodeKnowsAll(int count) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        // Bounded by the deadline.
        for (LocalRedis node : nodes()) {
            // A node met by address is known by a temporary id until the handshake ends.
            while (!knowsAll(String.valueOf(call(node, "CLUSTER", "NODES")), count)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("cluster nodes did not meet within 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean knowsAll(String clusterNodes, int count) {
        String[] lines = clusterNodes.trim().split("\n");
        return lines.length >= count && !clusterNodes.contains("handshake");
    }

    private void awaitHealthy(int nodesPerShard) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        // Bounded by the deadline.
        for (LocalRedis node : nodes()) {
            while (!String.valueOf(call(node, "CLUSTER", "INFO")).contains("cluster_state:ok")) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("cluster not ok within 30 s: " + call(node, "CLUSTER", "INFO"));
                }
                Thread.sleep(50);
            }
        }
        for (LocalRedis replica : replicas) {
            while (!String.valueOf(call(replica, "INFO", "replication")).contains("master_link_status:up")) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("replica " + replica.port() + " did not sync within 30 s");
                }
                Thread.sleep(50);
            }
        }
        // Every node must agree on the slot map, replicas included, before clients arrive.
        for (LocalRedis node : nodes()) {
            while (!complete((List<?>) call(node, "CLUSTER", "SLOTS"), nodesPerShard)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("node " + node.port() + " does not see every shard");
                }
                Thread.sleep(50);
            }
        }
    }

    private boolean complete(List<?> slots, int nodesPerShard) {
        if (slots.size() < primaries.size()) {
            return false;
        }
        for (Object range : slots) {
            if (((List<?>) range).size() < 2 + nodesPerShard) {
                return false;
            }
        }
        return true;
    }

    public static Object call(LocalRedis node, String... command) throws IOException {
        try (BlockingRedis redis = BlockingRedis.connect(new HostAndPort("127.0.0.1", node.port()), TIMEOUT,
                Duration.ofSeconds(10))) {
            Object reply = redis.call(command);
            if (reply instanceof BlockingRedis.ErrorReply error) {
                throw new IOException(String.join(" ", command) + " on " + node.port() + ": " + error.message());
            }
            return reply;
        }
    }

    public List<LocalRedis> primaries() {
        return primaries;
    }

    public List<LocalRedis> replicas() {
        return replicas;
    }

    public List<LocalRedis> nodes() {
        List<LocalRedis> all = new ArrayList<>(primaries);
        all.addAll(replicas);
        return all;
    }

    /** The seed list for a Slotway config: {@code "127.0.0.1:p1", "127.0.0.1:p2"}. */
    public String seeds() {
        StringBuilder seeds = new StringBuilder();
        for (LocalRedis node : primaries) {
            seeds.append(seeds.length() == 0 ? "" : ", ").append("\"127.0.0.1:").append(node.port()).append('"');
        }
        return seeds.toString();
    }

    @Override
    public void close() {
        nodes().forEach(LocalRedis::close);
    }
}
