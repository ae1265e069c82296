package io.slotway.route;

import io.netty.buffer.ByteBuf;
import io.slotway.config.MirrorConfig;
import io.slotway.config.PrefixRouteConfig;
import io.slotway.config.RoutesConfig;
import io.slotway.upstream.Upstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps keys to routes: the longest matching prefix of {@code routes.prefixes}, else the default route. Immutable;
 * one per config generation.
 */
public final class Routes {

    /** Null when unmatched keys are refused. */
    private final Route defaultRoute;
    private final List<Route> prefixed;
    private final PrefixTree tree;
    private final List<Upstream> upstreams;
    /** One route per upstream that holds keys, default first: what a command for every shard visits. */
    private final List<Route> keyspaces;

    private Routes(Route defaultRoute, List<Route> prefixed, boolean caseInsensitive, List<Upstream> upstreams) {
        this.defaultRoute = defaultRoute;
        this.prefixed = List.copyOf(prefixed);
        this.upstreams = List.copyOf(upstreams);
        Map<String, Route> byPrefix = new LinkedHashMap<>();
        prefixed.forEach(route -> byPrefix.put(route.prefix(), route));
        this.tree = new PrefixTree(byPrefix, caseInsensitive);
        Map<Upstream, Route> byUpstream = new LinkedHashMap<>();
        if (defaultRoute != null) {
            byUpstream.put(defaultRoute.upstream(), defaultRoute);
        }
        prefixed.forEach(route -> byUpstream.putIfAbsent(route.upstream(), route));
        this.keyspaces = List.copyOf(byUpstream.values());
    }

    /** Every command to {@code upstream}. */
    public static Routes single(Upstream upstream, List<Upstream> upstreams) {
        return new Routes(Route.of(upstream), List.of(), false, upstreams);
    }

    /** The routes {@code config} describes over {@code byName}, the generation's upstreams. */
    public static Routes of(RoutesConfig config, Map<String, Upstream> byName) {
        Route defaultRoute = config.defaultUpstream() == null ? null : new Route("",
                byName.get(config.defaultUpstream()), null, new byte[0], mirrors(config.defaultMirrors(), byName));
        List<Route> prefixed = new ArrayList<>();
        for (PrefixRouteConfig route : config.prefixes()) {
            prefixed.add(Route.prefixed(route.prefix(), byName.get(route.upstream()),
                    route.readUpstream() == null ? null : byName.get(route.readUpstream()), route.removePrefix(),
                    mirrors(route.mirrors(), byName)));
        }
        return new Routes(defaultRoute, prefixed, config.caseInsensitive(), new ArrayList<>(byName.values()));
    }

    private static List<Mirror> mirrors(List<MirrorConfig> configs, Map<String, Upstream> byName) {
        return configs.stream().map(mirror -> new Mirror(byName.get(mirror.upstream()), mirror.fraction(),
                mirror.writesOnly())).toList();
    }

    /** Whether keys choose their route; false when everything takes the default route. */
    public boolean byPrefix() {
        return !prefixed.isEmpty();
    }

    /** The route of the key at {@code offset}; null when no prefix matches and there is no default. */
    public Route route(ByteBuf buffer, int offset, int length) {
        Route route = tree.longestMatch(buffer, offset, length);
        return route != null ? route : defaultRoute;
    }

    /** Where commands without keys go: the default route, else the first prefix route. */
    public Route home() {
        return defaultRoute != null ? defaultRoute : prefixed.get(0);
    }

    /** Every upstream of the config, each once. */
    public List<Upstream> upstreams() {
        return upstreams;
    }

    /** The route of each upstream that holds keys, each upstream once: where a command for every shard goes. */
    public List<Route> keyspaces() {
        return keyspaces;
    }

    /** The bytes a route cut from the keys {@code upstream} holds, which key names it returns need back. */
    public byte[] removedBy(Upstream upstream) {
        for (Route route : prefixed) {
            if (route.removesPrefix() && (route.upstream() == upstream || route.readUpstream() == upstream)) {
                return route.removed();
            }
        }
        return null;
    }
}
