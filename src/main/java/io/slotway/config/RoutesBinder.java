package io.slotway.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
        List<MirrorConfig> defaultMirrors = mirrors(routes, "default_mirror", target, upstreams);
        if (target == null && !defaultMirrors.isEmpty()) {
            routes.problem("default_mirror", "set without routes.default (expected: a default route to mirror)");
        }
        if (target == null && (unmatched == null || prefixes.isEmpty())) {
            routes.problem("default", prefixes.isEmpty() ? "missing (expected: the name of an upstream)"
                    : "missing: a key no prefix matches would have nowhere to go (expected: the name of an upstream, "
                    + "or routes.unmatched: refuse to answer such keys with an error)");
        } else if (target != null && unmatched != null) {
            routes.problem("unmatched", "refuse contradicts routes.default (expected: one of them)");
        }
        noSharedStrippedUpstream(routes, target, defaultMirrors, prefixes);
        routes.finish();
        return new RoutesConfig(target, caseInsensitive, prefixes, defaultMirrors);
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
            List<MirrorConfig> mirrors = mirrors(route, "mirror", upstream, upstreams);
            route.finish();
            if (prefix == null || upstream == null) {
                continue;
            }
            int bytes = prefix.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_PREFIX_BYTES || bytes == 0) {
                route.problem("prefix", bytes == 0 ? "empty (expected: a prefix; routes.default takes the keys "
                        + "no prefix matches)" : bytes + " bytes (expected: at most " + MAX_PREFIX_BYTES + ")");
                continue;
            }
            if (remove && caseInsensitive) {
                // The prefix could then be spelled several ways, and a key name could not be given back as sent.
                route.problem("remove_prefix", "with routes.case_insensitive (expected: one of them: a removed "
                        + "prefix is put back as configured, and a client spelling it otherwise would see names it "
                        + "did not use)");
            }
            String matched = caseInsensitive ? asciiLower(prefix) : prefix;
            String earlier = seen.putIfAbsent(matched, route.path());
            if (earlier != null) {
                route.problem("prefix", "'" + prefix + "' is already routed by " + earlier
                        + (caseInsensitive ? " (routes.case_insensitive)" : "") + " (expected: each prefix once)");
                continue;
            }
            prefixes.add(new PrefixRouteConfig(prefix, upstream, remove, read, mirrors));
        }
        return prefixes;
    }

    /** {@code key}: a list of {@code {upstream, fraction, writes_only}}, each to an upstream other than the route's. */
    private static List<MirrorConfig> mirrors(ConfigNode route, String key, String routeUpstream,
                                              Map<String, UpstreamConfig> upstreams) {
        List<MirrorConfig> mirrors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> item : route.list(key, false, "mirrors")) {
            String path = item.getKey().substring(route.path().length() + 1);
            if (!item.getValue().isObject()) {
                route.problem(path, "expected a mapping with upstream, fraction and writes_only");
                continue;
            }
            ConfigNode mirror = route.child(path, item.getValue());
            String upstream = mirror.string("upstream", true, "the name of an upstream");
            known(mirror, "upstream", upstream, upstreams);
            if (upstream != null && upstream.equals(routeUpstream)) {
                mirror.problem("upstream", "'" + upstream + "' is the route's own upstream (expected: another one)");
            }
            double fraction = FaultsBinder.fraction(mirror, false);
            boolean writesOnly = mirror.bool("writes_only", true);
            mirror.finish();
            if (upstream != null && fraction >= 0) {
                mirrors.add(new MirrorConfig(upstream, fraction, writesOnly));
            }
        }
        return mirrors;
    }

    /** Folds ASCII letters only, as the prefix trie does. */
    private static String asciiLower(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
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
                                                 List<MirrorConfig> defaultMirrors, List<PrefixRouteConfig> prefixes) {
        // Per upstream: the keyspace it gets ("" for keys as clients send them, "-P" for keys with P removed).
        Map<String, String> keyspaceOf = new HashMap<>();
        Map<String, String> servedFirst = new HashMap<>();
        if (defaultUpstream != null) {
            keyspaceOf.put(defaultUpstream, "");
            servedFirst.put(defaultUpstream, "routes.default");
        }
        for (MirrorConfig mirror : defaultMirrors) {
            keyspaceOf.putIfAbsent(mirror.upstream(), "");
            servedFirst.putIfAbsent(mirror.upstream(), "routes.default_mirror");
        }
        for (int i = 0; i < prefixes.size(); i++) {
            PrefixRouteConfig route = prefixes.get(i);
            String keyspace = route.removePrefix() ? "-" + route.prefix() : "";
            // Its upstream, read upstream and mirrors all get the route's keys as it sends them.
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("upstream", route.upstream());
            if (route.readUpstream() != null) {
                targets.put("read_upstream", route.readUpstream());
            }
            for (int m = 0; m < route.mirrors().size(); m++) {
                targets.put("mirror[" + m + "].upstream", route.mirrors().get(m).upstream());
            }
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String upstream = target.getValue();
                String earlier = keyspaceOf.putIfAbsent(upstream, keyspace);
                if (earlier != null && !earlier.equals(keyspace)) {
                    routes.problem("prefixes[" + i + "]." + target.getKey(), "upstream '" + upstream
                            + "' also serves " + servedFirst.get(upstream) + ", and with remove_prefix their keys "
                            + "would collide (expected: an upstream of a remove_prefix route serves that route alone)");
                }
                servedFirst.putIfAbsent(upstream, "routes.prefixes[" + i + "]");
            }
        }
    }
}
