package io.slotway.server;

import io.slotway.loop.LoopServices;
import io.slotway.upstream.LoopPools;
import io.slotway.upstream.Upstream;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/** Everything one event loop owns: its services, its upstream pools and its client sessions. */
final class Worker {

    private final LoopServices services;
    private final LoopPools pools;
    private final ServerFacts facts;
    private final Settings settings;
    private final Set<ClientSession> sessions = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Upstream, Long> commandTimeouts = new IdentityHashMap<>();
    private final Map<Upstream, Long> fanoutTimeouts = new IdentityHashMap<>();

    Worker(LoopServices services, LoopPools pools, ServerFacts facts, Settings settings) {
        this.services = services;
        this.pools = pools;
        this.facts = facts;
        this.settings = settings;
        for (Upstream upstream : facts.routes().upstreams()) {
            commandTimeouts.put(upstream, upstream.config().timeouts().command().toNanos());
            fanoutTimeouts.put(upstream, upstream.config().timeouts().fanout().toNanos());
        }
    }

    LoopServices services() {
        return services;
    }

    LoopPools pools() {
        return pools;
    }

    ServerFacts facts() {
        return facts;
    }

    Settings settings() {
        return settings;
    }

    Set<ClientSession> sessions() {
        return sessions;
    }

    long commandTimeoutNanos(Upstream upstream) {
        return commandTimeouts.get(upstream);
    }

    /** Commands sent to every shard (KEYS, DBSIZE, ...) have their own, longer deadline. */
    long fanoutTimeoutNanos(Upstream upstream) {
        return fanoutTimeouts.get(upstream);
    }
}
