package io.slotway.upstream;

import io.slotway.config.UpstreamMode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Asks a node what it is before traffic flows: a standalone upstream pointed at a cluster node (or the reverse)
 * is refused at start, because routing built for one shape silently misbehaves on the other.
 */
public final class NodeProbe {

    /** What a reachable node said about itself. */
    public record NodeFacts(boolean clusterEnabled, String version, int databases) {
    }

    /** The node answered, but is not what the config says it is. */
    public static final class ModeMismatchException extends Exception {
        public ModeMismatchException(String message) {
            super(message, null, false, false);
        }
    }

    private NodeProbe() {
    }

    /** A blocking connection to {@code node}, logged in as the config says; the caller closes it. */
    public static BlockingRedis login(UpstreamNode node, Duration timeout) throws IOException {
        BlockingRedis redis = BlockingRedis.connect(node.address(), node.tls(), node.connectTimeout(), timeout);
        try {
            if (node.password().isPresent()) {
                Object auth = node.username().isPresent()
                        ? redis.call("AUTH", node.username().get(), node.password().get().value())
                        : redis.call("AUTH", node.password().get().value());
                if (auth instanceof BlockingRedis.ErrorReply error) {
                    throw new IOException("AUTH: " + error.message());
                }
            }
            return redis;
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public static NodeFacts probe(UpstreamNode node, Duration timeout) throws IOException {
        try (BlockingRedis redis = login(node, timeout)) {
            Object info = redis.call("INFO", "server");
            if (info instanceof BlockingRedis.ErrorReply error) {
                throw new IOException("INFO: " + error.message());
            }
            Object cluster = redis.call("INFO", "cluster");
            String version = field(String.valueOf(info), "redis_version", "unknown");
            boolean clusterEnabled = "1".equals(field(String.valueOf(cluster), "cluster_enabled", "0"));
            int databases = 16;
            Object config = redis.call("CONFIG", "GET", "databases");
            if (config instanceof List<?> pair && pair.size() == 2) {
                databases = Integer.parseInt(String.valueOf(pair.get(1)));
            }
            return new NodeFacts(clusterEnabled, version, databases);
        }
    }

    public static void checkMode(UpstreamNode node, UpstreamMode mode, NodeFacts facts)
            throws ModeMismatchException {
        if (mode == UpstreamMode.CLUSTER && !facts.clusterEnabled()) {
            throw new ModeMismatchException("upstream " + node.upstream() + ": node " + node
                    + " has cluster_enabled:0 but the upstream's mode is cluster; use mode: standalone or sharded");
        }
        if (mode != UpstreamMode.CLUSTER && facts.clusterEnabled()) {
            throw new ModeMismatchException("upstream " + node.upstream() + ": node " + node
                    + " has cluster_enabled:1 (it is a Redis Cluster node) but the upstream's mode is "
                    + mode.configName() + "; use mode: cluster");
        }
    }

    private static String field(String info, String name, String fallback) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return fallback;
    }
}
