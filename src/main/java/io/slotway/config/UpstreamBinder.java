package io.slotway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Binds one {@code upstreams.<name>} mapping. */
final class UpstreamBinder {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    /** Modes this build can run; the others are known names so the message can say "not yet". */
    private static final Set<UpstreamMode> SUPPORTED = EnumSet.allOf(UpstreamMode.class);
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private UpstreamBinder() {
    }

    static UpstreamConfig bind(String name, ConfigNode upstream, TimeoutsConfig globalTimeouts) {
        if (!NAME.matcher(name).matches()) {
            upstream.problem("", "name '" + name + "' (expected: letters, digits, '_' and '-')");
        }
        UpstreamMode mode = mode(upstream);
        List<NodeConfig> nodes = nodes(upstream, mode);
        Optional<String> username = Optional.ofNullable(upstream.string("username", false, "a user name"));
        Optional<Secret> password = Secrets.read(upstream, "password", "a password");
        if (username.isPresent() && password.isEmpty()) {
            upstream.problem("username", "set without a password (expected: password, password_env or "
                    + "password_file as well)");
        }
        int database = upstream.integer("database", 0, 0, 1_000_000);
        int connections = upstream.integer("connections_per_node", 1, 1, 64);
        // Well above what healthy pipelining clients keep in flight (each pauses at limits.max_pending_requests).
        int maxPending = upstream.integer("max_pending_requests", 100_000, 1, 10_000_000);
        TimeoutsConfig timeouts = globalTimeouts;
        ConfigNode timeoutsNode = upstream.mapping("timeouts", false);
        if (timeoutsNode != null) {
            timeouts = timeouts(timeoutsNode, globalTimeouts);
        }
        ShardingConfig sharding = sharding(upstream, mode);
        ClusterConfig cluster = cluster(upstream, mode);
        if (mode == UpstreamMode.CLUSTER && database != 0) {
            upstream.problem("database", database + " (expected: 0, Redis Cluster has only database 0)");
        }
        Optional<UpstreamTlsConfig> tls = TlsBinder.upstream(upstream);
        upstream.finish();
        return new UpstreamConfig(name, mode == null ? UpstreamMode.STANDALONE : mode, nodes, username, password,
                database, connections, timeouts, sharding, cluster, maxPending, tls);
    }

    static TimeoutsConfig timeouts(ConfigNode node, TimeoutsConfig defaults) {
        Duration connect = node.duration("connect", defaults.connect(), Duration.ofMillis(1), MAX_TIMEOUT);
        Duration command = node.duration("command", defaults.command(), Duration.ofMillis(1), MAX_TIMEOUT);
        Duration fanout = node.duration("fanout", defaults.fanout(), Duration.ofMillis(1), MAX_TIMEOUT);
        Duration dedicatedAcquire = node.duration("dedicated_acquire", defaults.dedicatedAcquire(), Duration.ZERO,
                MAX_TIMEOUT);
        node.finish();
        return new TimeoutsConfig(connect, command, fanout, dedicatedAcquire);
    }

    private static UpstreamMode mode(ConfigNode upstream) {
        String expected = "standalone, sharded or cluster";
        String text = upstream.string("mode", true, expected);
        if (text == null) {
            return null;
        }
        UpstreamMode mode;
        try {
            mode = UpstreamMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            upstream.problem("mode", "'" + text + "' (expected: " + expected + ")");
            return null;
        }
        if (!SUPPORTED.contains(mode)) {
            upstream.problem("mode", text + " is not supported yet (expected: standalone or sharded)");
            return null;
        }
        return mode;
    }

    private static List<NodeConfig> nodes(ConfigNode upstream, UpstreamMode mode) {
        List<NodeConfig> nodes = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> items = upstream.list("nodes", true, "host:port entries");
        Set<String> ringNames = new java.util.HashSet<>();
        for (Map.Entry<String, JsonNode> item : items) {
            String path = relative(upstream, item.getKey());
            NodeConfig node = item.getValue().isObject()
                    ? weightedNode(upstream.child(path, item.getValue()))
                    : plainNode(upstream, path, item.getValue());
            if (node == null) {
                continue;
            }
            if (!ringNames.add(node.ringName())) {
                upstream.problem(path, "'" + node.ringName() + "' appears twice (expected: each node once)");
            }
            nodes.add(node);
        }
        if (upstream.has("nodes") && items.isEmpty()) {
            upstream.problem("nodes", "empty (expected: at least one host:port)");
        }
        if (mode == UpstreamMode.STANDALONE && items.size() > 1) {
            upstream.problem("nodes", items.size() + " nodes (expected: exactly 1 for mode standalone)");
        }
        return nodes;
    }

    private static NodeConfig plainNode(ConfigNode upstream, String path, JsonNode value) {
        if (!value.isTextual()) {
            upstream.problem(path, "expected host:port or a mapping with node, weight, name");
            return null;
        }
        HostAndPort address = address(upstream, path, value.asText());
        return address == null ? null : NodeConfig.of(address);
    }

    /** {@code {node: host:port, weight: 2, name: cache-a}}. */
    private static NodeConfig weightedNode(ConfigNode node) {
        String text = node.string("node", true, "host:port");
        HostAndPort address = text == null ? null : address(node, "node", text);
        int weight = node.integer("weight", 1, 1, 1000);
        java.util.Optional<String> name = java.util.Optional.ofNullable(node.string("name", false, "a name"));
        node.finish();
        return address == null ? null : new NodeConfig(address, weight, name);
    }

    private static HostAndPort address(ConfigNode parent, String key, String text) {
        try {
            HostAndPort address = HostAndPort.parse(text);
            if (address.port() == 0) {
                throw new IllegalArgumentException("port 0 (expected: 1..65535)");
            }
            return address;
        } catch (IllegalArgumentException e) {
            parent.problem(key, e.getMessage());
            return null;
        }
    }

    private static ClusterConfig cluster(ConfigNode upstream, UpstreamMode mode) {
        for (String key : new String[] {"max_redirects", "refresh_interval", "read_policy"}) {
            if (upstream.has(key) && mode != UpstreamMode.CLUSTER) {
                upstream.problem(key, "only applies to mode cluster");
                return ClusterConfig.DEFAULTS;
            }
        }
        ReadPolicy readPolicy = ReadPolicy.PRIMARY;
        String expected = "primary, prefer-primary, replica, prefer-replica or any";
        String policy = upstream.string("read_policy", false, expected);
        if (policy != null) {
            try {
                readPolicy = ReadPolicy.parse(policy);
            } catch (IllegalArgumentException e) {
                upstream.problem("read_policy", "'" + policy + "' (expected: " + expected + ")");
            }
        }
        return new ClusterConfig(upstream.integer("max_redirects", 5, 0, 100),
                upstream.duration("refresh_interval", Duration.ofSeconds(5), Duration.ofMillis(100),
                        Duration.ofHours(1)), readPolicy);
    }

    private static ShardingConfig sharding(ConfigNode upstream, UpstreamMode mode) {
        boolean given = upstream.has("hash") || upstream.has("hash_tag") || upstream.has("eject_after");
        if (given && mode != UpstreamMode.SHARDED) {
            upstream.problem(upstream.has("hash") ? "hash" : upstream.has("hash_tag") ? "hash_tag" : "eject_after",
                    "only applies to mode sharded");
            return ShardingConfig.DEFAULTS;
        }
        // murmur3 spreads short, similar keys well; twemproxy's truncated fnv1a_64 is there for migrations.
        HashFunction hash = HashFunction.MURMUR3;
        String hashText = upstream.string("hash", false, HashFunction.names());
        if (hashText != null) {
            try {
                hash = HashFunction.valueOf(hashText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                upstream.problem("hash", "'" + hashText + "' (expected one of: " + HashFunction.names() + ")");
            }
        }
        String tag = upstream.string("hash_tag", false, "two characters, e.g. \"{}\"");
        if (tag != null && (tag.length() != 2 || tag.charAt(0) > 127 || tag.charAt(1) > 127)) {
            upstream.problem("hash_tag", "'" + tag + "' (expected: two ASCII characters, e.g. \"{}\")");
            tag = null;
        }
        int ejectAfter = upstream.integer("eject_after", 0, 0, 1_000);
        return new ShardingConfig(hash, Optional.ofNullable(tag), ejectAfter);
    }

    private static String relative(ConfigNode parent, String fullPath) {
        return fullPath.substring(parent.path().length() + 1);
    }
}
