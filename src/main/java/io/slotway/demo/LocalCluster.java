package io.slotway.demo;

import io.slotway.config.HostAndPort;
import io.slotway.upstream.BlockingRedis;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Redis Cluster of local redis-server processes on free loopback ports: {@code shards} primaries sharing
 * the 16384 slots evenly, each with {@code replicasPerShard} replicas. Built the way an operator would: slots
 * assigned, nodes met, replicas attached, then waited on until every node reports {@code cluster_state:ok}.
 */
public final class LocalCluster implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<LocalRedis> primaries = new ArrayList<>();
    private final List<LocalRedis> replicas = new ArrayList<>();
    /** Each node's TLS port when the cluster speaks TLS (clients, bus, replication); empty otherwise. */
    private final Map<LocalRedis, Integer> tlsPorts = new IdentityHashMap<>();
    private final Tls tls;

    /** The PEM files of a TLS cluster: every node serves {@code cert}, and trusts peers and clients from {@code ca}. */
    public record Tls(Path cert, Path key, Path ca) {
    }

    private LocalCluster(Tls tls) {
        this.tls = tls;
    }

    public static LocalCluster start(int shards, int replicasPerShard, String... extraArgs)
            throws IOException, InterruptedException {
        return start(null, shards, replicasPerShard, extraArgs);
    }

    /**
     * A cluster whose nodes each speak TLS on a second port ({@code tls-cluster} and {@code tls-replication} on):
     * clients connecting over TLS are shown TLS ports in the slot map, plain ones the plain ports.
     */
    public static LocalCluster startTls(Tls tls, int shards, int replicasPerShard)
            throws IOException, InterruptedException {
        return start(tls, shards, replicasPerShard);
    }

    private static LocalCluster start(Tls tls, int shards, int replicasPerShard, String... extraArgs)
            throws IOException, InterruptedException {
        LocalCluster cluster = new LocalCluster(tls);
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
        for (int i = 0; i < shards; i++) {
            primaries.add(startNode(args));
        }
        for (int i = 0; i < shards * replicasPerShard; i++) {
            replicas.add(startNode(args));
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
            // The cluster bus listens 10000 above the port the cluster speaks on: the TLS one under tls-cluster.
            call(all.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(clusterPort(node)));
        }
        awaitEveryNodeKnowsAll(all.size());
        for (int i = 0; i < replicas.size(); i++) {
            String primaryId = String.valueOf(call(primaries.get(i / replicasPerShard), "CLUSTER", "MYID"));
            call(replicas.get(i), "CLUSTER", "REPLICATE", primaryId);
        }
        awaitHealthy(1 + replicasPerShard);
    }

    /**
     * Starts one node on a port whose bus port is free; tried again on another port when one of them was taken
     * before the node could bind it (outgoing connections take ports from the same range).
     */
    private LocalRedis startNode(List<String> args) throws IOException {
        IOException taken = null;
        // Bounded: a few attempts, each on a fresh port.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return startNodeOnce(args);
            } catch (IOException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                taken = e;
            }
        }
        throw taken;
    }

    private LocalRedis startNodeOnce(List<String> args) throws IOException {
        if (tls == null) {
            return LocalRedis.startOnPort(LocalRedis.freeClusterPort(), args.toArray(new String[0]));
        }
        int tlsPort = LocalRedis.freeClusterPort();
        List<String> withTls = new ArrayList<>(args);
        withTls.addAll(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", tls.cert().toString(),
                "--tls-key-file", tls.key().toString(), "--tls-ca-cert-file", tls.ca().toString(),
                "--tls-cluster", "yes", "--tls-replication", "yes"));
        LocalRedis node = LocalRedis.startOnPort(LocalRedis.freeClusterPort(), withTls.toArray(new String[0]));
        tlsPorts.put(node, tlsPort);
        return node;
    }

    private int clusterPort(LocalRedis node) {
        return tls == null ? node.port() : tlsPorts.get(node);
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
        return seeds(primaries.stream().map(LocalRedis::port).toList());
    }

    /** The seed list of a TLS cluster's TLS ports. */
    public String tlsSeeds() {
        return seeds(primaries.stream().map(tlsPorts::get).toList());
    }

    /** A node's TLS port, in a TLS cluster. */
    public int tlsPort(LocalRedis node) {
        return tlsPorts.get(node);
    }

    private static String seeds(List<Integer> ports) {
        StringBuilder seeds = new StringBuilder();
        for (int port : ports) {
            seeds.append(seeds.length() == 0 ? "" : ", ").append("\"127.0.0.1:").append(port).append('"');
        }
        return seeds.toString();
    }

    @Override
    public void close() {
        nodes().forEach(LocalRedis::close);
    }
}
