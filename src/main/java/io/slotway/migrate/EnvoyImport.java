package io.slotway.migrate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Envoy bootstrap (or a file of listeners and clusters) turned into Slotway configs: each listener with an
 * {@code envoy.filters.network.redis_proxy} filter becomes a config of its own, with the clusters its routes name
 * as upstreams ({@code envoy.clusters.redis} as mode cluster; static and DNS clusters as standalone or sharded),
 * its prefix routes, read routes, mirrors, faults, downstream auth and TLS. Anything else is reported.
 */
public final class EnvoyImport {

    private static final String REDIS_PROXY = "envoy.filters.network.redis_proxy";
    private static final String REDIS_CLUSTER = "envoy.clusters.redis";
    private static final Set<String> SETTINGS_CARRIED = Set.of("op_timeout", "enable_hashtagging",
            "enable_redirection", "read_policy", "max_buffer_size_before_flush", "buffer_flush_timeout");
    private static final Map<String, String> READ_POLICIES = Map.of("MASTER", "primary", "PRIMARY", "primary",
            "PREFER_MASTER", "prefer-primary", "PREFER_PRIMARY", "prefer-primary", "REPLICA", "replica",
            "PREFER_REPLICA", "prefer-replica", "ANY", "any");

    private final Map<String, JsonNode> clusters = new HashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** Slotway's spelling of each Envoy cluster name seen, to the Envoy name. */
    private final Map<String, String> upstreamNames = new HashMap<>();

    private EnvoyImport() {
    }

    public static Imported convert(JsonNode root, String source) {
        EnvoyImport importer = new EnvoyImport();
        JsonNode resources = root.has("static_resources") ? root.get("static_resources") : root;
        for (JsonNode cluster : resources.path("clusters")) {
            importer.clusters.put(cluster.path("name").asText(), cluster);
        }
        List<Imported.Config> configs = new ArrayList<>();
        for (JsonNode listener : resources.path("listeners")) {
            for (JsonNode chain : listener.path("filter_chains")) {
                for (JsonNode filter : chain.path("filters")) {
                    if (filter.path("name").asText().equals(REDIS_PROXY)) {
                        String name = YamlOut.name(listener.path("name").asText("listener"));
                        Map<String, Object> config = importer.listener(name, listener, chain,
                                filter.path("typed_config"));
                        configs.add(new Imported.Config(name, YamlOut.write("# Imported from Envoy listener '"
                                + listener.path("name").asText() + "' (" + source + ").\n", config)));
                    }
                }
            }
        }
        if (configs.isEmpty()) {
            importer.notes.add(source + ": no listener with an " + REDIS_PROXY + " filter");
        }
        return new Imported(configs, importer.notes);
    }

    private Map<String, Object> listener(String name, JsonNode listener, JsonNode chain, JsonNode proxy) {
        String at = name + ": ";
        Map<String, Object> config = new LinkedHashMap<>();
        JsonNode socket = listener.path("address").path("socket_address");
        config.put("listen", address(socket));
        JsonNode settings = proxy.path("settings");
        TwemproxyImport.iterable(settings).forEach(field -> {
            if (!SETTINGS_CARRIED.contains(field.getKey())) {
                notes.add(at + "settings." + field.getKey() + ": not carried over (no Slotway equivalent)");
            }
        });
        if (settings.has("op_timeout")) {
            config.put("timeouts", Map.of("command", duration(settings.get("op_timeout").asText())));
        }
        if (settings.has("max_buffer_size_before_flush") || settings.has("buffer_flush_timeout")) {
            notes.add(at + "settings.max_buffer_size_before_flush/buffer_flush_timeout: Slotway batches each event "
                    + "loop's writes on its own; not carried over");
        }
        if (settings.has("enable_redirection") && !settings.get("enable_redirection").asBoolean()) {
            notes.add(at + "settings.enable_redirection false: a cluster upstream always follows MOVED and ASK");
        }
        String readPolicy = READ_POLICIES.get(settings.path("read_policy").asText("MASTER"));
        if (readPolicy == null) {
            notes.add(at + "settings.read_policy " + settings.path("read_policy").asText()
                    + ": no Slotway equivalent (AZ affinity); reads go to primaries");
            readPolicy = "primary";
        }
        Map<String, Object> upstreams = new LinkedHashMap<>();
        Map<String, Object> routes = routes(at, proxy.path("prefix_routes"), upstreams, settings, readPolicy);
        config.put("upstreams", upstreams);
        config.put("routes", routes);
        Object auth = auth(proxy);
        if (auth != null) {
            config.put("auth", auth);
        }
        List<Object> faults = faults(at, proxy.path("faults"));
        if (!faults.isEmpty()) {
            config.put("faults", faults);
        }
        Map<String, Object> tls = EnvoyTls.downstream(at, chain.path("transport_socket"), notes);
        if (tls != null) {
            config.put("tls", tls);
        }
        for (String field : List.of("custom_commands", "external_auth_provider", "latency_in_micros")) {
            if (proxy.has(field)) {
                notes.add(at + field + ": not carried over (" + (field.equals("custom_commands")
                        ? "Slotway's command table comes from Redis's COMMAND; module commands are not routed"
                        : field.equals("latency_in_micros") ? "Slotway's histograms are in seconds, to microseconds"
                        : "Slotway authenticates clients itself") + ")");
            }
        }
        return config;
    }

    private Map<String, Object> routes(String at, JsonNode prefixRoutes, Map<String, Object> upstreams,
                                       JsonNode settings, String readPolicy) {
        Map<String, Object> routes = new LinkedHashMap<>();
        JsonNode catchAll = prefixRoutes.path("catch_all_route");
        if (catchAll.has("cluster")) {
            routes.put("default", upstream(at, catchAll.get("cluster").asText(), upstreams, settings, readPolicy));
            List<Object> mirrors = mirrors(at, catchAll, upstreams, settings, readPolicy);
            if (!mirrors.isEmpty()) {
                routes.put("default_mirror", mirrors);
            }
        } else if (prefixRoutes.has("routes")) {
            routes.put("unmatched", "refuse");
        }
        if (prefixRoutes.path("case_insensitive").asBoolean(false)) {
            routes.put("case_insensitive", true);
            for (JsonNode route : prefixRoutes.path("routes")) {
                if (route.path("remove_prefix").asBoolean(false)) {
                    notes.add(at + "prefix '" + route.path("prefix").asText() + "': remove_prefix with "
                            + "case_insensitive, which check-config refuses (a removed prefix is put back on key "
                            + "names as configured); choose one");
                }
            }
        }
        List<Object> prefixes = new ArrayList<>();
        for (JsonNode route : prefixRoutes.path("routes")) {
            Map<String, Object> prefix = new LinkedHashMap<>();
            prefix.put("prefix", route.path("prefix").asText());
            prefix.put("upstream", upstream(at, route.path("cluster").asText(), upstreams, settings, readPolicy));
            if (route.path("remove_prefix").asBoolean(false)) {
                prefix.put("remove_prefix", true);
            }
            if (route.path("read_command_policy").has("cluster")) {
                prefix.put("read_upstream", upstream(at, route.get("read_command_policy").get("cluster").asText(),
                        upstreams, settings, readPolicy));
            }
            List<Object> mirrors = mirrors(at, route, upstreams, settings, readPolicy);
            if (!mirrors.isEmpty()) {
                prefix.put("mirror", mirrors);
            }
            if (route.has("key_formatter")) {
                notes.add(at + "prefix '" + route.path("prefix").asText() + "' key_formatter: not carried over "
                        + "(keys are forwarded as clients send them)");
            }
            prefixes.add(prefix);
        }
        if (!prefixes.isEmpty()) {
            routes.put("prefixes", prefixes);
        }
        return routes;
    }

    private List<Object> mirrors(String at, JsonNode route, Map<String, Object> upstreams, JsonNode settings,
                                 String readPolicy) {
        List<Object> mirrors = new ArrayList<>();
        for (JsonNode policy : route.path("request_mirror_policy")) {
            Map<String, Object> mirror = new LinkedHashMap<>();
            mirror.put("upstream", upstream(at, policy.path("cluster").asText(), upstreams, settings, readPolicy));
            if (policy.has("runtime_fraction")) {
                mirror.put("fraction", fraction(policy.get("runtime_fraction")));
                if (policy.get("runtime_fraction").has("runtime_key")) {
                    notes.add(at + "mirror runtime_key: Slotway has no runtime layer; its default_value is used");
                }
            }
            // Envoy mirrors every command unless told to leave reads out; Slotway mirrors writes unless told otherwise.
            mirror.put("writes_only", policy.path("exclude_read_commands").asBoolean(false));
            mirrors.add(mirror);
        }
        return mirrors;
    }

    /** The Slotway upstream for Envoy cluster {@code name}, added to {@code upstreams} the first time it is named. */
    private String upstream(String at, String name, Map<String, Object> upstreams, JsonNode settings,
                            String readPolicy) {
        String upstreamName = YamlOut.name(name);
        String earlier = upstreamNames.putIfAbsent(upstreamName, name);
        if (earlier != null && !earlier.equals(name)) {
            // Two clusters whose names differ only in characters Slotway does not allow in a name.
            upstreamName = upstreamName + "_" + upstreamNames.size();
            upstreamNames.put(upstreamName, name);
            notes.add(at + "cluster '" + name + "' is named " + upstreamName + " (its name as Slotway spells it is "
                    + "taken by cluster '" + earlier + "')");
        }
        if (upstreams.containsKey(upstreamName)) {
            return upstreamName;
        }
        JsonNode cluster = clusters.get(name);
        Map<String, Object> upstream = new LinkedHashMap<>();
        if (cluster == null) {
            notes.add(at + "cluster '" + name + "' is not in the file; its upstream has no nodes");
            upstream.put("mode", "standalone");
            upstream.put("nodes", List.of());
            upstreams.put(upstreamName, upstream);
            return upstreamName;
        }
        List<Object> nodes = new ArrayList<>();
        for (JsonNode locality : cluster.path("load_assignment").path("endpoints")) {
            for (JsonNode endpoint : locality.path("lb_endpoints")) {
                JsonNode socket = endpoint.path("endpoint").path("address").path("socket_address");
                nodes.add(address(socket));
            }
        }
        boolean redisCluster = cluster.path("cluster_type").path("name").asText().equals(REDIS_CLUSTER);
        String mode = redisCluster ? "cluster" : nodes.size() == 1 ? "standalone" : "sharded";
        upstream.put("mode", mode);
        upstream.put("nodes", nodes);
        if (mode.equals("sharded")) {
            upstream.put("hash_tag", "{}");
            notes.add(at + "cluster '" + name + "': Envoy's " + cluster.path("lb_policy").asText("ring hash")
                    + " over " + nodes.size() + " nodes places keys differently than Slotway's ketama ring; "
                    + "move the data, or keep one node per upstream"
                    + (settings.path("enable_hashtagging").asBoolean(false) ? "" : " (hash tags now apply)"));
        }
        if (redisCluster && !readPolicy.equals("primary")) {
            upstream.put("read_policy", readPolicy);
        }
        if (!cluster.path("type").asText("STATIC").matches("STATIC|STRICT_DNS|LOGICAL_DNS|EDS")
                && !redisCluster) {
            notes.add(at + "cluster '" + name + "' type " + cluster.path("type").asText() + ": only its static "
                    + "endpoints are carried over");
        }
        if (cluster.path("type").asText().equals("EDS")) {
            notes.add(at + "cluster '" + name + "' uses EDS: Slotway's nodes are static; list them by hand");
        }
        JsonNode options = cluster.path("typed_extension_protocol_options").path(REDIS_PROXY);
        secret(options.path("auth_password"), "password", upstream);
        if (options.has("auth_username")) {
            upstream.put("username", options.get("auth_username").path("inline_string").asText());
        }
        for (String field : List.of("aws_iam", "credentials")) {
            if (options.has(field)) {
                notes.add(at + "cluster '" + name + "' " + field + ": not carried over (one password per upstream)");
            }
        }
        Map<String, Object> tls = EnvoyTls.upstream(cluster.path("transport_socket"));
        if (tls != null) {
            upstream.put("tls", tls);
        }
        upstreams.put(upstreamName, upstream);
        return upstreamName;
    }

    private Object auth(JsonNode proxy) {
        List<JsonNode> passwords = new ArrayList<>();
        proxy.path("downstream_auth_passwords").forEach(passwords::add);
        if (proxy.has("downstream_auth_password")) {
            passwords.add(proxy.get("downstream_auth_password"));
        }
        if (passwords.isEmpty()) {
            return null;
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        if (proxy.has("downstream_auth_username")) {
            Map<String, Object> user = new LinkedHashMap<>();
            secret(passwords.get(0), "password", user);
            user.put("commands", "+@all");
            auth.put("users", Map.of(proxy.get("downstream_auth_username").path("inline_string").asText(), user));
            if (passwords.size() > 1) {
                notes.add("downstream_auth_passwords: a user has one password in Slotway; only the first is kept");
            }
            return auth;
        }
        // Inline passwords form the list; one from a file or the environment joins them as password_file/_env.
        List<String> inline = new ArrayList<>();
        for (JsonNode password : passwords) {
            if (password.has("inline_string")) {
                inline.add(password.get("inline_string").asText());
            } else if (!auth.containsKey("password_file") && !auth.containsKey("password_env")) {
                secret(password, "password", auth);
            } else {
                notes.add("downstream_auth_passwords: Slotway takes one password from a file or the environment; "
                        + "the others are not carried over");
            }
        }
        if (!inline.isEmpty()) {
            auth.put("passwords", inline);
        }
        return auth;
    }

    /** An Envoy DataSource: inline, a file, or an environment variable, as Slotway's three ways to give secrets. */
    private static void secret(JsonNode source, String key, Map<String, Object> into) {
        if (source.has("inline_string")) {
            into.put(key, source.get("inline_string").asText());
        } else if (source.has("filename")) {
            into.put(key + "_file", source.get("filename").asText());
        } else if (source.has("environment_variable")) {
            into.put(key + "_env", source.get("environment_variable").asText());
        }
    }

    private List<Object> faults(String at, JsonNode faults) {
        List<Object> out = new ArrayList<>();
        for (JsonNode fault : faults) {
            Map<String, Object> converted = new LinkedHashMap<>();
            converted.put("type", fault.path("fault_type").asText("DELAY").toLowerCase(Locale.ROOT));
            converted.put("fraction", fraction(fault.path("fault_enabled")));
            if (fault.has("delay")) {
                converted.put("delay", duration(fault.get("delay").asText()));
            }
            List<String> commands = new ArrayList<>();
            fault.path("commands").forEach(command -> commands.add(command.asText().toLowerCase(Locale.ROOT)));
            if (!commands.isEmpty()) {
                converted.put("commands", commands);
            }
            if (fault.path("fault_enabled").has("runtime_key")) {
                notes.add(at + "fault runtime_key: Slotway has no runtime layer; its default_value is used");
            }
            out.add(converted);
        }
        return out;
    }

    /** A socket_address as {@code host:port}, an IPv6 host in brackets. */
    private static String address(JsonNode socket) {
        String host = socket.path("address").asText("127.0.0.1");
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + socket.path("port_value").asInt();
    }

    /** A protobuf JSON duration ({@code 5s}, {@code 0.2s}) in Slotway's form ({@code 5s}, {@code 200ms}). */
    static String duration(String text) {
        if (!text.endsWith("s")) {
            return text;
        }
        try {
            long millis = new java.math.BigDecimal(text.substring(0, text.length() - 1)).movePointRight(3)
                    .longValueExact();
            return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        } catch (ArithmeticException | NumberFormatException e) {
            return text;
        }
    }

    /** A RuntimeFractionalPercent's default, as a fraction of 1. */
    private static double fraction(JsonNode runtimeFraction) {
        JsonNode percent = runtimeFraction.path("default_value");
        double denominator = switch (percent.path("denominator").asText("HUNDRED")) {
            case "TEN_THOUSAND" -> 10_000;
            case "MILLION" -> 1_000_000;
            default -> 100;
        };
        return percent.path("numerator").asDouble(0) / denominator;
    }
}
