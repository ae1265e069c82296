package io.slotway.migrate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A twemproxy (nutcracker) YAML turned into Slotway configs: each pool becomes a config of its own (Slotway listens
 * on one address) with a sharded upstream that places keys where the pool did: same hash function, hash tag,
 * ketama ring, server weights and names.
 */
public final class TwemproxyImport {

    /** The pool settings read here; any other is reported. */
    private static final Set<String> KNOWN = Set.of("listen", "hash", "hash_tag", "distribution", "timeout",
            "backlog", "preconnect", "redis", "redis_auth", "redis_db", "server_connections", "auto_eject_hosts",
            "server_retry_timeout", "server_failure_limit", "servers", "client_connections", "tcpkeepalive");
    private static final Set<String> HASHES = Set.of("one_at_a_time", "md5", "crc16", "crc32", "crc32a",
            "fnv1_64", "fnv1a_64", "fnv1_32", "fnv1a_32", "hsieh", "murmur", "jenkins");
    /** twemproxy's defaults where they differ from Slotway's. */
    private static final String DEFAULT_HASH = "fnv1a_64";
    private static final int DEFAULT_FAILURE_LIMIT = 2;

    private TwemproxyImport() {
    }

    public static Imported convert(JsonNode root, String source) {
        List<Imported.Config> configs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (root == null || !root.isObject()) {
            notes.add(source + ": expected a mapping of pool names to pools");
            return new Imported(configs, notes);
        }
        for (Map.Entry<String, JsonNode> pool : iterable(root)) {
            Map<String, Object> config = pool(pool.getKey(), pool.getValue(), notes);
            if (config != null) {
                configs.add(new Imported.Config(YamlOut.name(pool.getKey()), YamlOut.write(
                        "# Imported from twemproxy pool '" + pool.getKey() + "' (" + source + ").\n", config)));
            }
        }
        return new Imported(configs, notes);
    }

    private static Map<String, Object> pool(String name, JsonNode pool, List<String> notes) {
        String at = name + ": ";
        if (!pool.path("redis").asBoolean(false)) {
            notes.add(at + "a memcached pool (redis: true is not set): Slotway proxies Redis only; pool skipped");
            return null;
        }
        String listen = pool.path("listen").asText("");
        if (listen.startsWith("/")) {
            notes.add(at + "listen " + listen + ": a unix socket; Slotway listens on TCP; pool skipped");
            return null;
        }
        iterable(pool).forEach(field -> {
            if (!KNOWN.contains(field.getKey())) {
                notes.add(at + field.getKey() + ": not a twemproxy setting the importer knows; not carried over");
            }
        });
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("mode", "sharded");
        upstream.put("nodes", nodes(pool.path("servers"), at, notes));
        String hash = pool.path("hash").asText(DEFAULT_HASH).toLowerCase(Locale.ROOT);
        if (!HASHES.contains(hash)) {
            notes.add(at + "hash " + hash + ": not a twemproxy hash function; using fnv1a_64, its default");
            hash = DEFAULT_HASH;
        }
        upstream.put("hash", hash);
        if (pool.has("hash_tag")) {
            upstream.put("hash_tag", pool.get("hash_tag").asText());
        }
        String distribution = pool.path("distribution").asText("ketama");
        if (!distribution.equals("ketama")) {
            notes.add(at + "distribution " + distribution + ": Slotway places keys on a ketama ring only; keys will "
                    + "land on other nodes than this pool put them");
        }
        if (pool.path("auto_eject_hosts").asBoolean(false)) {
            // twemproxy counts failed requests, Slotway failed health checks: either way the node leaves the ring.
            upstream.put("eject_after", pool.path("server_failure_limit").asInt(DEFAULT_FAILURE_LIMIT));
            if (pool.has("server_retry_timeout")) {
                notes.add(at + "server_retry_timeout: an ejected node rejoins once a health check passes (every "
                        + "second), not after a fixed time");
            }
        }
        if (pool.has("redis_auth")) {
            upstream.put("password", pool.get("redis_auth").asText());
            notes.add(at + "redis_auth: written in the clear (the upstream's password and the clients' "
                    + "auth.passwords); consider password_file or password_env");
        }
        if (pool.path("redis_db").asInt(0) != 0) {
            upstream.put("database", pool.get("redis_db").asInt());
        }
        if (pool.has("server_connections")) {
            upstream.put("connections_per_node", Math.max(1, Math.min(64, pool.get("server_connections").asInt())));
        }
        if (pool.has("timeout")) {
            upstream.put("timeouts", Map.of("command", pool.get("timeout").asInt() + "ms"));
        }
        for (String ignored : List.of("backlog", "preconnect", "tcpkeepalive")) {
            if (pool.has(ignored)) {
                notes.add(at + ignored + ": Slotway sets this itself (listen backlog, lazy connections, keepalive "
                        + "on); not carried over");
            }
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("listen", listen.isEmpty() ? "127.0.0.1:6380" : listen);
        config.put("upstreams", Map.of(YamlOut.name(name), upstream));
        config.put("routes", Map.of("default", YamlOut.name(name)));
        if (pool.has("redis_auth")) {
            // twemproxy asks clients for the same password it gives the servers.
            config.put("auth", Map.of("passwords", List.of(pool.get("redis_auth").asText())));
        }
        int clients = pool.path("client_connections").asInt(0);
        if (clients > 0) {
            config.put("limits", Map.of("max_clients", clients));
        }
        return config;
    }

    /** {@code "host:port:weight [name]"} entries as Slotway nodes, weights and names kept for the ring. */
    private static List<Object> nodes(JsonNode servers, String at, List<String> notes) {
        List<Object> nodes = new ArrayList<>();
        for (JsonNode server : servers) {
            String[] words = server.asText().trim().split("\\s+");
            String address = words[0];
            int weight = 1;
            int lastColon = address.lastIndexOf(':');
            if (lastColon > 0 && address.indexOf(':') != lastColon) {
                weight = Integer.parseInt(address.substring(lastColon + 1));
                address = address.substring(0, lastColon);
            }
            if (weight == 1 && words.length == 1) {
                nodes.add(address);
                continue;
            }
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("node", address);
            node.put("weight", weight);
            if (words.length > 1) {
                node.put("name", words[1]);
            }
            nodes.add(node);
        }
        if (nodes.isEmpty()) {
            notes.add(at + "servers: none; the imported config will not pass check-config");
        }
        return nodes;
    }

    static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }
}
