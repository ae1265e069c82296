package io.slotway.pubsub;

import io.netty.util.concurrent.FastThreadLocal;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.upstream.Upstream;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every event loop's hubs, one per upstream, kept for the life of the server rather than of one config generation:
 * a reload keeps an unchanged upstream, and its subscriptions and subscriber connections stay where they are
 * instead of being made again (or stranded) by each generation.
 */
public final class Hubs {

    /** Each loop's own map, only ever touched from that loop's thread. */
    private final FastThreadLocal<Map<Upstream, UpstreamHub>> byLoop = new FastThreadLocal<>() {
        @Override
        protected Map<Upstream, UpstreamHub> initialValue() {
            return new IdentityHashMap<>();
        }
    };
    private final Map<Upstream, Registry> registries = new ConcurrentHashMap<>();
    /** The upstream each name stands for in the newest generation. */
    private final Map<String, Upstream> latest = new ConcurrentHashMap<>();

    /** A generation routes to {@code upstreams}: a reload that replaced one moves its subscribers over. */
    void current(Iterable<Upstream> upstreams) {
        upstreams.forEach(upstream -> latest.put(upstream.name(), upstream));
    }

    /**
     * This loop's hub for what replaced {@code retired} (an upstream of the same name in a newer generation), or
     * null when nothing did (call on the loop).
     */
    UpstreamHub successor(Upstream retired, int maxConnections, Metrics metrics, LoopServices services) {
        Upstream next = latest.get(retired.name());
        return next == null || next == retired ? null : hub(next, maxConnections, metrics, services);
    }

    /** This loop's hub for {@code upstream} (call on the loop). */
    UpstreamHub hub(Upstream upstream, int maxConnections, Metrics metrics, LoopServices services) {
        return byLoop.get().computeIfAbsent(upstream, up -> new UpstreamHub(up, maxConnections, metrics,
                registry(up), services, this));
    }

    /** What every loop holds for {@code upstream}, by name. */
    Registry registry(Upstream upstream) {
        return registries.computeIfAbsent(upstream, up -> new Registry());
    }
}
