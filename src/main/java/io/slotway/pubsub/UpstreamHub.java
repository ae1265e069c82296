package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.config.UpstreamMode;
import io.slotway.loop.LoopServices;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.PushFrame;
import io.slotway.protocol.Replies;
import io.slotway.session.Client;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's subscriptions to one upstream: each channel, pattern and shard channel is subscribed once on
 * the nodes that publish it, however many of the loop's clients want it, and left when the last of them goes.
 * Where a name is subscribed:
 * <ul>
 *   <li>standalone: the node;</li>
 *   <li>sharded: a channel (or shard channel) on the node its name hashes to, as PUBLISH is sent; a pattern on
 *       every node, each message being published on one of them;</li>
 *   <li>cluster: a channel or pattern on the first shard's primary (the cluster passes PUBLISH to every node); a
 *       shard channel on the primary that owns its slot;</li>
 *   <li>keyspace notifications ({@code __keyspace@...}, {@code __keyevent@...}), which a node publishes only for
 *       its own keys: on every primary.</li>
 * </ul>
 * Used only from its event loop.
 */
final class UpstreamHub {

    /** Between attempts to place a lost subscription again, and how many: half a minute in all, long enough for a
     * cluster failover at Redis's default node timeout (15 s) or a node's restart. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int MAX_RECOVERIES = 60;
    private static final String KEYSPACE = "__keyspace@";
    private static final String KEYEVENT = "__keyevent@";

    private final Upstream upstream;
    private final int maxConnections;
    private final Metrics metrics;
    private final Registry registry;
    private final LoopServices services;
    private final Hubs hubs;
    private final Map<Kind, Map<String, Entry>> entries = new EnumMap<>(Kind.class);
    private final Map<UpstreamNode, NodeSubscriber> subscribers = new IdentityHashMap<>();

    UpstreamHub(Upstream upstream, int maxConnections, Metrics metrics, Registry registry, LoopServices services,
                Hubs hubs) {
        this.upstream = upstream;
        this.maxConnections = maxConnections;
        this.metrics = metrics;
        this.registry = registry;
        this.services = services;
        this.hubs = hubs;
        for (Kind kind : Kind.values()) {
            entries.put(kind, new HashMap<>());
        }
    }

    Upstream upstream() {
        return upstream;
    }

    /** {@code mode}'s client wants {@code name}: the entry it is counted in, subscribed on its nodes if new. */
    Entry join(Subscribed mode, Kind kind, String name) {
        Entry entry = entries.get(kind).get(name);
        if (entry == null) {
            List<NodeSubscriber> nodes = new ArrayList<>();
            for (UpstreamNode node : placement(kind, name)) {
                nodes.add(subscriber(node, mode.client()));
            }
            entry = new Entry(kind, name, this, nodes);
            entries.get(kind).put(name, entry);
            metrics.subscriptionsChanged(1);
            registry.upstreamChanged(kind, name, nodes.size());
            // Stops at a node that refuses at once: the entry has then failed and been given up.
            for (int i = 0; i < nodes.size() && !entry.hasFailed(); i++) {
                nodes.get(i).subscribe(entry);
            }
        }
        if (!entry.hasFailed() && entry.clients().add(mode)) {
            registry.clientsChanged(kind, name, 1);
        }
        return entry;
    }

    /** {@code mode}'s client no longer wants {@code name}; the last one leaving unsubscribes it on its nodes. */
    void leave(Subscribed mode, Kind kind, String name) {
        Entry entry = entries.get(kind).get(name);
        if (entry == null || !entry.clients().remove(mode)) {
            return;
        }
        registry.clientsChanged(kind, name, -1);
        if (!entry.clients().isEmpty()) {
            return;
        }
        entries.get(kind).remove(name);
        entry.disarm();
        // Clients still waiting for it have all left it since (UNSUBSCRIBE, or gone): nothing more to wait for here,
        // and a SUBSCRIBE answered before the UNSUBSCRIBE was, as in Redis, with its acknowledgements.
        entry.takeWaiting().forEach(Join::confirmed);
        metrics.subscriptionsChanged(-1);
        registry.upstreamChanged(kind, name, -entry.nodes().size());
        for (NodeSubscriber node : entry.nodes()) {
            node.unsubscribe(entry);
        }
    }

    /** A node published {@code frame} for {@code name}: every client of this loop that subscribed it gets it. */
    void deliver(Kind kind, String name, ByteBuf frame) {
        Entry entry = name == null ? null : entries.get(kind).get(name);
        if (entry == null) {
            metrics.messageDelivered(0);
            return;
        }
        List<Subscribed> clients = List.copyOf(entry.clients());
        // Made once for every RESP3 client of the message, when there is one.
        ByteBuf asPush = null;
        // Bounded by the loop's clients on this name; copied, as a write may close a client that then leaves.
        for (Subscribed subscribed : clients) {
            if (subscribed.client().state().protocol() == 3) {
                asPush = asPush == null ? PushFrame.asResp3Push(frame) : asPush;
                subscribed.client().push(asPush.retainedDuplicate(), false);
            } else {
                subscribed.client().push(frame.retainedDuplicate(), false);
            }
        }
        if (asPush != null) {
            asPush.release();
        }
        metrics.messageDelivered(clients.size());
    }

    /** The entry clients of this loop hold for {@code name} now, or null. */
    Entry entry(Kind kind, String name) {
        return entries.get(kind).get(name);
    }

    /** {@code node}'s connection was lost: every name still wanted there is placed again, on a new connection. */
    void connectionLost(NodeSubscriber node) {
        for (Entry entry : entriesOn(node)) {
            entry.placedOn(entry.nodes());
            recoverLater(entry, "the connection to " + node.node() + " was lost");
        }
    }

    /**
     * {@code node} dropped shard channel {@code name} itself, as Redis Cluster does when its slot moves away: it is
     * placed again on the slot's new owner once the slot map says who that is; its clients notice nothing, unless
     * that fails, when they get the {@code sunsubscribe} a direct client would have.
     */
    void shardChannelMoved(NodeSubscriber node, String name) {
        Entry entry = name == null ? null : entries.get(Kind.SHARD).get(name);
        if (entry != null && entry.nodes().contains(node)) {
            entry.placedOn(entry.nodes());
            recoverLater(entry, "its slot moved away from " + node.node());
        }
    }

    /** A node refused or lost {@code entry}: placed again later if its clients expect messages, else given up. */
    void subscriptionFailed(Entry entry, String error) {
        if (entry.everConfirmed() && entries.get(entry.kind()).get(entry.name()) == entry) {
            recoverLater(entry, error);
        } else {
            entryFailed(entry, error);
        }
    }

    private void recoverLater(Entry entry, String cause) {
        if (entry.isArmed()) {
            return;
        }
        boolean retired = entry.nodes().stream().anyMatch(NodeSubscriber::retired);
        UpstreamHub successor = retired ? hubs.successor(upstream, maxConnections, metrics, services) : null;
        if (successor != null) {
            // A reload replaced the upstream: its subscribers move to the new one, all their names with them.
            for (Subscribed subscribed : List.copyOf(entry.clients())) {
                subscribed.moveTo(successor);
            }
            return;
        }
        if (entry.recovering() > MAX_RECOVERIES || retired) {
            // Out of time, or a reload took the node away for good: the clients subscribe again themselves.
            entryFailed(entry, cause);
            return;
        }
        upstream.requestRefresh();
        services.deadlines().arm(entry, RETRY_NANOS);
    }

    /** Subscribes {@code entry} again where the map says it belongs now (moved off nodes it left). */
    void place(Entry entry) {
        if (entries.get(entry.kind()).get(entry.name()) != entry || entry.clients().isEmpty()) {
            return;
        }
        Client client = entry.clients().iterator().next().client();
        List<NodeSubscriber> placed = new ArrayList<>();
        for (UpstreamNode node : placement(entry.kind(), entry.name())) {
            placed.add(subscriber(node, client));
        }
        for (NodeSubscriber old : entry.nodes()) {
            if (!placed.contains(old)) {
                old.unsubscribe(entry);
            }
        }
        registry.upstreamChanged(entry.kind(), entry.name(), placed.size() - entry.nodes().size());
        entry.placedOn(placed);
        for (int i = 0; i < placed.size() && !entry.hasFailed(); i++) {
            placed.get(i).subscribe(entry);
        }
    }

    /**
     * {@code entry} could not be subscribed (or subscribed again) on one of its nodes: clients still waiting for
     * their acknowledgement get {@code error}; clients that had theirs are disconnected, so their libraries
     * reconnect and subscribe again rather than wait for messages that will not come.
     */
    void entryFailed(Entry entry, String error) {
        entry.giveUp(error);
        List<Join> waiting = entry.takeWaiting();
        List<Subscribed> clients = List.copyOf(entry.clients());
        if (entries.get(entry.kind()).get(entry.name()) == entry) {
            entries.get(entry.kind()).remove(entry.name());
            metrics.subscriptionsChanged(-1);
            registry.upstreamChanged(entry.kind(), entry.name(), -entry.nodes().size());
            registry.clientsChanged(entry.kind(), entry.name(), -entry.clients().size());
            for (NodeSubscriber node : entry.nodes()) {
                node.unsubscribe(entry);
            }
        }
        entry.clients().clear();
        Set<Subscribed> told = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Join join : waiting) {
            if (join.stillWaitedFor()) {
                told.add(join.mode());
            }
            join.failed(error);
        }
        // Bounded by the entry's clients; those still waiting for their acknowledgement were told through it.
        for (Subscribed subscribed : clients) {
            if (told.contains(subscribed)) {
                continue;
            }
            if (entry.kind() == Kind.SHARD) {
                // What Redis tells a client whose shard channel it no longer serves.
                subscribed.droppedByNode(Kind.SHARD, entry.name());
            } else {
                Client client = subscribed.client();
                client.answerAndClose(Replies.error(client.alloc(), "ERR subscription to '" + entry.name()
                        + "' lost and not made again: " + stripErr(error)));
            }
        }
    }

    private List<Entry> entriesOn(NodeSubscriber node) {
        List<Entry> found = new ArrayList<>();
        for (Map<String, Entry> byName : entries.values()) {
            for (Entry entry : byName.values()) {
                if (entry.nodes().contains(node)) {
                    found.add(entry);
                }
            }
        }
        return found;
    }

    private NodeSubscriber subscriber(UpstreamNode node, Client client) {
        NodeSubscriber subscriber = subscribers.get(node);
        if (subscriber == null) {
            subscriber = new NodeSubscriber(this, node, client.poolFor(node, upstream, 2).dedicated(), maxConnections,
                    upstream.config().timeouts().dedicatedAcquireNanos(), client.alloc(), metrics, services);
            subscribers.put(node, subscriber);
        }
        return subscriber;
    }

    /** The nodes that publish {@code name}'s messages, each once. */
    List<UpstreamNode> placement(Kind kind, String name) {
        Topology topology = upstream.topology();
        List<Shard> shards = topology.shards();
        UpstreamMode mode = upstream.config().mode();
        if (name.startsWith(KEYSPACE) || name.startsWith(KEYEVENT)
                || mode == UpstreamMode.SHARDED && kind == Kind.PATTERN) {
            return shards.stream().map(Shard::primary).toList();
        }
        if (mode == UpstreamMode.STANDALONE || mode == UpstreamMode.CLUSTER && kind != Kind.SHARD) {
            return List.of(shards.get(0).primary());
        }
        ByteBuf key = Unpooled.wrappedBuffer(name.getBytes(StandardCharsets.ISO_8859_1));
        return List.of(topology.shardFor(key, 0, key.readableBytes()).primary());
    }

    private static String stripErr(String error) {
        return error.startsWith("ERR ") ? error.substring(4) : error;
    }
}
