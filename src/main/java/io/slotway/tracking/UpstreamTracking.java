package io.slotway.tracking;

import io.slotway.loop.LoopServices;
import io.slotway.session.Client;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's caching clients of one upstream: which keys each read (oldest first, at most {@code maxKeys},
 * past which the oldest is invalidated, as Redis's {@code tracking-table-max-keys}), the broadcast clients, and one
 * {@link InvalidationListener} on every primary. A changed key is invalidated for everyone who read it and then
 * forgotten, as in Redis. Whenever an invalidation may have been missed (a listener lost or just (re)started, the
 * primaries changed), every client here is told to drop everything. Used only from its event loop.
 */
final class UpstreamTracking {

    /** A lost listener is tried again this long after, while clients still track. */
    private static final long RETRY_MILLIS = 500;
    /** How often the primaries are compared with the listeners' while anyone tracks. */
    private static final long TOPOLOGY_CHECK_MILLIS = 1000;

    private final Upstream upstream;
    private final int maxKeys;
    private final int maxConnections;
    private final LoopServices services;
    private final Trackings trackings;
    private final Map<String, Set<Tracker>> keys = new LinkedHashMap<>();
    private final Set<Tracker> broadcasters = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The clients tracking here now; the listeners close when the last stops. */
    private final Set<Tracker> users = Collections.newSetFromMap(new IdentityHashMap<>());
    /** While anyone tracks: looks for changed primaries even when nobody reads. */
    private ScheduledFuture<?> topologyCheck;
    private final Map<UpstreamNode, InvalidationListener> listeners = new IdentityHashMap<>();
    /** The topology the listeners were placed for. */
    private Topology placedFor;
    /** A client whose pools the listeners lease from: any client of this loop. */
    private Client poolsOf;
    private boolean retryScheduled;
    /** A listener was lost: broadcast clients may miss changes until it is back, and are flushed then. */
    private boolean broadcastersMissedSome;
    /** Told once every listener is live, or one failed: CLIENT TRACKING ON answers then. */
    private final List<Runnable> waiting = new ArrayList<>();

    UpstreamTracking(Upstream upstream, int maxKeys, int maxConnections, LoopServices services,
                     Trackings trackings) {
        this.trackings = trackings;
        this.upstream = upstream;
        this.maxKeys = maxKeys;
        this.maxConnections = maxConnections;
        this.services = services;
    }

    /** {@code tracker} read {@code read} (through {@code via}'s connections): they are invalidated when changed. */
    void read(Tracker tracker, Client via, Collection<String> read) {
        use(tracker, via);
        // Bounded by the command's keys, and each eviction by one key.
        for (String key : read) {
            keys.computeIfAbsent(key, k -> Collections.newSetFromMap(new IdentityHashMap<>())).add(tracker);
            if (keys.size() > maxKeys) {
                Iterator<Map.Entry<String, Set<Tracker>>> oldest = keys.entrySet().iterator();
                Map.Entry<String, Set<Tracker>> evicted = oldest.next();
                oldest.remove();
                for (Tracker each : evicted.getValue()) {
                    each.invalidate(List.of(evicted.getKey()));
                }
            }
        }
    }

    /**
     * A NOLOOP {@code tracker} wrote {@code written}: it no longer tracks them, so the node's invalidation for its own
     * write does not reach it. As in Redis, where a write ends the tracking of its key, it tracks them again once it
     * reads them. (A broadcast client is told of its own writes too: always safe.)
     */
    void wrote(Tracker tracker, Collection<String> written) {
        for (String key : written) {
            Set<Tracker> readers = keys.get(key);
            if (readers != null) {
                readers.remove(tracker);
            }
        }
    }

    /** A broadcast client: told of every change to a key with one of its prefixes. */
    void broadcastTo(Tracker tracker, Client via) {
        use(tracker, via);
        broadcasters.add(tracker);
    }

    /** {@code tracker} turned tracking on: this table listens for it from now on, read or not. */
    void join(Tracker tracker, Client via) {
        use(tracker, via);
    }

    private void use(Tracker tracker, Client via) {
        listen(via);
        if (users.add(tracker)) {
            tracker.uses(this);
        }
        if (topologyCheck == null) {
            topologyCheck = services.loop().scheduleAtFixedRate(this::check, TOPOLOGY_CHECK_MILLIS,
                    TOPOLOGY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Once a second while anyone tracks: a reload that replaced or dropped the upstream retires this table (its
     * clients flush, broadcast clients move to the successor); otherwise listeners follow the primaries.
     */
    private void check() {
        Upstream successor = trackings.successor(upstream);
        if (successor == upstream) {
            listen(poolsOf);
            return;
        }
        Client via = poolsOf;
        List<Tracker> moving = new ArrayList<>(broadcasters);
        flushAll();
        users.clear();
        broadcasters.clear();
        stop();
        trackings.retired(this, upstream);
        if (successor != null && via != null) {
            UpstreamTracking next = trackings.of(successor, maxKeys, maxConnections, services);
            moving.stream().filter(tracker -> !tracker.ended()).forEach(tracker -> next.broadcastTo(tracker, via));
        }
    }

    /** {@code tracker} stopped tracking: it is told nothing more, and listeners close when nobody is left. */
    void forget(Tracker tracker) {
        broadcasters.remove(tracker);
        users.remove(tracker);
        // Its entries go lazily: an ended tracker is skipped, and its keys leave as they are invalidated or evicted.
        if (users.isEmpty()) {
            stop();
        }
    }

    /** Nobody tracks here any more: listeners close and the table empties. */
    private void stop() {
        keys.clear();
        listeners.values().forEach(InvalidationListener::close);
        listeners.clear();
        placedFor = null;
        poolsOf = null;
        release();
        if (topologyCheck != null) {
            topologyCheck.cancel(false);
            topologyCheck = null;
        }
    }

    /** A node said {@code changed} were modified: each reader and matching broadcast client is told once. */
    void invalidated(List<String> changed) {
        Map<Tracker, List<String>> told = new IdentityHashMap<>();
        // Bounded by the keys the node sent, and for each by its readers and the broadcast clients.
        for (String name : changed) {
            String key = trackings.clientsName(upstream, name);
            Set<Tracker> readers = keys.remove(key);
            if (readers != null) {
                for (Tracker reader : readers) {
                    if (!reader.ended()) {
                        told.computeIfAbsent(reader, t -> new ArrayList<>()).add(key);
                    }
                }
            }
            for (Tracker broadcaster : broadcasters) {
                if (broadcaster.matches(key)) {
                    told.computeIfAbsent(broadcaster, t -> new ArrayList<>()).add(key);
                }
            }
        }
        told.forEach(Tracker::invalidate);
    }

    /** Every client here drops everything it cached: an invalidation may have been missed. */
    void flushAll() {
        flush(true);
    }

    /** The readers, and the broadcast clients too if {@code broadcastersToo}, drop everything they cached. */
    private void flush(boolean broadcastersToo) {
        Set<Tracker> everyone = Collections.newSetFromMap(new IdentityHashMap<>());
        keys.values().forEach(everyone::addAll);
        if (broadcastersToo) {
            everyone.addAll(broadcasters);
        }
        keys.clear();
        for (Tracker tracker : everyone) {
            tracker.invalidate(null);
        }
    }

    /**
     * A listener is live: what was read before it listened may have changed unseen, and so may what a broadcast
     * client would have heard while a lost listener was away. (A new broadcast client's CLIENT TRACKING answers only
     * once every listener is live, so it has missed nothing.)
     */
    void listenerReady(InvalidationListener listener) {
        if (listeners.get(listener.node()) == listener) {
            flush(broadcastersMissedSome);
            if (listeners.values().stream().allMatch(InvalidationListener::live)) {
                // Only now has no listener a gap left for broadcast clients.
                broadcastersMissedSome = false;
                release();
            }
        }
    }

    /** Runs {@code then} once every listener is live (at once if they are), or as soon as one fails. */
    void afterListening(Runnable then) {
        if (listeners.values().stream().allMatch(InvalidationListener::live)) {
            then.run();
        } else {
            waiting.add(then);
        }
    }

    private void release() {
        List<Runnable> now = new ArrayList<>(waiting);
        waiting.clear();
        now.forEach(Runnable::run);
    }

    /** A listener is gone: its node's changes go unseen until it is back, so every cache here is dropped. */
    void listenerLost(InvalidationListener listener, String cause) {
        if (listeners.get(listener.node()) != listener) {
            return;
        }
        listeners.remove(listener.node());
        flushAll();
        broadcastersMissedSome = true;
        // Nobody waits for a listener that failed: their caches are flushed when it is back.
        release();
        if (!retryScheduled) {
            retryScheduled = true;
            services.loop().schedule(() -> {
                retryScheduled = false;
                if (poolsOf != null && !users.isEmpty()) {
                    placedFor = null;
                    listen(poolsOf);
                }
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Listens to every primary of the upstream's current topology; when the primaries changed since, listeners go to
     * the new ones and every cache is dropped (a key may now change where nobody listened).
     */
    void listen(Client via) {
        if (via == null) {
            return;
        }
        poolsOf = via;
        Topology topology = upstream.topology();
        List<UpstreamNode> primaries = new ArrayList<>();
        for (Shard shard : topology.shards()) {
            primaries.add(shard.primary());
        }
        if (topology == placedFor && listeners.keySet().containsAll(primaries)) {
            return;
        }
        boolean changed = placedFor != null && topology != placedFor;
        placedFor = topology;
        // Bounded by the listeners and the shards.
        for (Iterator<Map.Entry<UpstreamNode, InvalidationListener>> it = listeners.entrySet().iterator();
             it.hasNext(); ) {
            Map.Entry<UpstreamNode, InvalidationListener> entry = it.next();
            if (!primaries.contains(entry.getKey())) {
                entry.getValue().close();
                it.remove();
            }
        }
        for (UpstreamNode primary : primaries) {
            if (!listeners.containsKey(primary)) {
                InvalidationListener listener = new InvalidationListener(this, primary,
                        via.poolFor(primary, upstream, 3).dedicated(), maxConnections,
                        upstream.config().timeouts().dedicatedAcquireNanos(), services);
                listeners.put(primary, listener);
                listener.start();
            }
        }
        if (changed) {
            flushAll();
            broadcastersMissedSome = true;
        }
    }
}
