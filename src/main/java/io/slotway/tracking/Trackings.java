package io.slotway.tracking;

import io.netty.util.concurrent.FastThreadLocal;
import io.slotway.loop.LoopServices;
import io.slotway.route.Routes;
import io.slotway.upstream.Upstream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Every event loop's tracking tables, one per upstream, kept for the life of the server rather than of one config
 * generation: a reload must not forget which keys a client cached.
 */
public final class Trackings {

    /** Each loop's own map, only ever touched from that loop's thread. */
    private final FastThreadLocal<Map<Upstream, UpstreamTracking>> byLoop = new FastThreadLocal<>() {
        @Override
        protected Map<Upstream, UpstreamTracking> initialValue() {
            return new IdentityHashMap<>();
        }
    };

    /** The upstreams the newest generation routes to, by name. */
    private volatile Map<String, Upstream> current = Map.of();
    /** By upstream name: the prefix its route removed from the keys it holds, which clients' key names have. */
    private volatile Map<String, String> removed = Map.of();

    /** A generation routes as {@code routes} say: tables of the upstreams it replaced or dropped are retired. */
    void current(Routes routes) {
        Map<String, Upstream> byName = new HashMap<>();
        Map<String, String> prefixes = new HashMap<>();
        for (Upstream upstream : routes.upstreams()) {
            byName.put(upstream.name(), upstream);
            byte[] prefix = routes.removedBy(upstream);
            if (prefix != null) {
                prefixes.put(upstream.name(), new String(prefix, StandardCharsets.ISO_8859_1));
            }
        }
        current = Map.copyOf(byName);
        removed = Map.copyOf(prefixes);
    }

    /** A key as {@code upstream} names it, as clients name it: with the prefix its route removed put back. */
    String clientsName(Upstream upstream, String key) {
        String prefix = removed.get(upstream.name());
        return prefix == null ? key : prefix + key;
    }

    /** What replaced {@code upstream} in the newest generation: itself while current, null when none did. */
    Upstream successor(Upstream upstream) {
        return current.get(upstream.name());
    }

    /** This loop's table for {@code upstream} (call on the loop). */
    UpstreamTracking of(Upstream upstream, int maxKeys, int maxConnections, LoopServices services) {
        return byLoop.get().computeIfAbsent(upstream, up -> new UpstreamTracking(up, maxKeys, maxConnections,
                services, this));
    }

    /** {@code table} was retired: this loop forgets it. */
    void retired(UpstreamTracking table, Upstream upstream) {
        byLoop.get().remove(upstream, table);
    }
}
