package io.slotway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds {@code routes}: the default, the prefix routes, and the checks that make every key's route unambiguous. */
final class RoutesBinder {

    /** Envoy's bound, which imported configs keep. */
    static final int MAX_PREFIX_BYTES = 1000;

    private RoutesBinder() {
    }

    static RoutesConfig bind(ConfigNode root, Map<String, UpstreamConfig> upstreams) {
        ConfigNode routes = root.mapping("routes", true);
        if (routes == null) {
            return null;
        }
        String target = routes.string("default", false, "the name of an upstream");
        known(routes, "default", target, upstreams);
        boolean caseInsensitive = routes.bool("case_insensitive", false);
        String unmatched = routes.string("unmatched", false, "refuse");
        if (unmatched != null && !unmatched.equals("refuse")) {
            routes.problem("unmatched", "'" + unmatched + "' (expected: refuse)");
        }
        List<PrefixRouteConfig> prefixes = prefixes(routes, upstreams, caseInsensitive);
        if (target == null && (unmatched == null || prefixes.isEmpty())) {
            routes.problem("default", prefixes.isEmpty() ? "missing (expected: the name of an upstream)"
                    : "missing: a key no prefix matches would have nowhere to go (expected: the name of an upstream, "
                    + "or routes.unmatched: refuse to answer such keys with an error)");
        } else if (target != null && unmatched != null) {
            routes.problem("unmatched", "refuse contradicts routes.default (expected: one of them)");
        }
        noSharedStrippedUpstream(routes, target, prefixes);
        routes.finish();
        return new RoutesConfig(target, caseInsensitive, prefixes);
    }

    private static List<PrefixRouteConfig> prefixes(ConfigNode routes, Map<String, UpstreamConfig> upstreams,
                                                    boolean caseInsensitive) {
        List<PrefixRouteConfig> prefixes = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Map.Entry<String, JsonNode> item : routes.list("prefixes", false, "prefix routes")) {
            String path = item.getKey().substring(routes.path().length() + 1);
            if (!item.getValue().isObject()) {
                routes.problem(path, "expected a mapping with prefix and upstream");
                continue;
            }
            ConfigNode route = routes.child(path, item.getValue());
            String prefix = route.string("prefix", true, "the key prefix this route serves");
            String upstream = route.string("upstream", true, "the name of an upstream");
            known(route, "upstream", upstream, upstreams);
            boolean remove = route.bool("remove_prefix", false);
            String read = route.string("read_upstream", false, "the name of an upstream");
            known(route, "read_upstream", read, upstreams);
            route.finish();
            if (prefix == null || upstream == null) {
                continue;
            }
            int bytes = prefix.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_PREFIX_BYTES) {
                route.problem("prefix", bytes + " bytes (expected: at most " + MAX_PREFIX_BYTES + ")");
                continue;
            }
            String matched = caseInsensitive ? prefix.toLowerCase(Locale.ROOT) : prefix;
            String earlier = seen.putIfAbsent(matched, route.path());
            if (earlier != null) {
                route.problem("prefix", "'" + prefix + "' is already routed by " + earlier
                        + (caseInsensitive ? " (routes.case_insensitive)" : "") + " (expected: each prefix once)");
                continue;
            }
            prefixes.add(new PrefixRouteConfig(prefix, upstream, remove, read));
        }
        return prefixes;
    }

    private static void known(ConfigNode node, String key, String upstream, Map<String, UpstreamConfig> upstreams) {
        if (upstream != null && !upstreams.isEmpty() && !upstreams.containsKey(upstream)) {
            node.problem(key, "upstream '" + upstream + "' is not defined (expected one of: "
                    + String.join(", ", upstreams.keySet()) + ")");
        }
    }

    /**
     * An upstream that gets keys with a route's prefix removed holds that route's keys alone: a second route's
     * keys would collide with them, and key names in its replies could not be given their prefix back.
     */
    private static void noSharedStrippedUpstream(ConfigNode routes, String defaultUpstream,
                                                 List<PrefixRouteConfig> prefixes) {
        // Per upstream: the keyspace it gets ("" for keys as clients send them, "-P" for keys with P removed).
        Map<String, String> keyspaceOf = new HashMap<>();
        Map<String, String> servedFirst = new HashMap<>();
        if (defaultUpstream != null) {
            keyspaceOf.put(defaultUpstream, "");
            servedFirst.put(defaultUpstream, "routes.default");
        }
        for (int i = 0; i < prefixes.size(); i++) {
            PrefixRouteConfig route = prefixes.get(i);
            String keyspace = route.removePrefix() ? "-" + route.prefix() : "";
            List<String> targets = route.readUpstream() == null ? List.of(route.upstream())
                    : List.of(route.upstream(), route.readUpstream());
            for (String upstream : targets) {
                String earlier = keyspaceOf.putIfAbsent(upstream, keyspace);
                if (earlier != null && !earlier.equals(keyspace)) {
                    routes.problem("prefixes[" + i + "]", "upstream '" + upstream + "' also serves "
                            + servedFirst.get(upstream) + ", and with remove_prefix their keys would collide "
                            + "(expected: an upstream of a remove_prefix route serves that route alone)");
                }
                servedFirst.putIfAbsent(upstream, "routes.prefixes[" + i + "]");
            }
        }
    }
}
