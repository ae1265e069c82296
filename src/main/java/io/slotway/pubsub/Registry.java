package io.slotway.pubsub;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every event loop of one generation holds, by name: how many of Slotway's clients subscribe to it, and how
 * many upstream subscriptions Slotway made for them (one per loop and node). PUBSUB NUMSUB swaps the second for the
 * first, so it counts clients, not Slotway's connections. Thread-safe; names with nothing left are removed.
 */
final class Registry {

    private final Map<Kind, ConcurrentHashMap<String, Integer>> clients = new EnumMap<>(Kind.class);
    private final Map<Kind, ConcurrentHashMap<String, Integer>> upstream = new EnumMap<>(Kind.class);

    Registry() {
        for (Kind kind : Kind.values()) {
            clients.put(kind, new ConcurrentHashMap<>());
            upstream.put(kind, new ConcurrentHashMap<>());
        }
    }

    void clientsChanged(Kind kind, String name, int delta) {
        change(clients.get(kind), name, delta);
    }

    void upstreamChanged(Kind kind, String name, int delta) {
        change(upstream.get(kind), name, delta);
    }

    int clients(Kind kind, String name) {
        return clients.get(kind).getOrDefault(name, 0);
    }

    int upstream(Kind kind, String name) {
        return upstream.get(kind).getOrDefault(name, 0);
    }

    private static void change(ConcurrentHashMap<String, Integer> counts, String name, int delta) {
        counts.compute(name, (key, count) -> {
            int next = (count == null ? 0 : count) + delta;
            return next <= 0 ? null : next;
        });
    }
}
