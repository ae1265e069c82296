package io.slotway.pubsub;

import io.netty.buffer.ByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.command.Errors;
import io.slotway.command.SplitPlan;
import io.slotway.config.UpstreamMode;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;
import io.slotway.session.PendingAnswer;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBE forms as Redis answers them: one acknowledgement per
 * name (a push in RESP3), counting the client's own subscriptions, and Redis's rules while subscribed (RESP2's
 * restricted context; a RESP3 client runs any command meanwhile). The
 * subscriptions themselves are made in the client's event loop's hub, shared by the loop's clients. One per config
 * generation; every method takes ownership of its request.
 */
public final class PubSub {

    private static final Set<String> ALLOWED_WHILE_SUBSCRIBED = Set.of("subscribe", "psubscribe", "ssubscribe",
            "unsubscribe", "punsubscribe", "sunsubscribe", "ping", "quit", "reset");
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);

    private final Routes routes;
    private final int maxConnections;
    private final Hubs hubs;

    /**
     * {@code maxConnections}: limits.dedicated_connections_per_node, which subscriber connections count against;
     * {@code hubs}: the server's, shared by every generation.
     */
    public PubSub(Routes routes, int maxConnections, Hubs hubs) {
        this.routes = routes;
        this.maxConnections = maxConnections;
        this.hubs = hubs;
        hubs.current(routes.upstreams());
    }

    /** Whether {@code client} is in RESP2's subscribed mode. */
    public static boolean subscribed(Client client) {
        return client.state().mode() instanceof Subscribed;
    }

    /** Whether {@code entry} may run while subscribed; else {@link #notAllowed} says why not. */
    public static boolean allowedWhileSubscribed(CommandSpec entry) {
        return ALLOWED_WHILE_SUBSCRIBED.contains(entry.name());
    }

    /** Redis's error for any other command in the subscribed context. */
    public static String notAllowed(CommandSpec entry) {
        return "ERR Can't execute '" + entry.name() + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET"
                + " are allowed in this context";
    }

    /** A RESP3 client's MULTI or WATCH while subscribed, which Slotway does not run together. */
    public static String notWhileSubscribed(CommandSpec entry) {
        return "ERR " + entry.name().toUpperCase(Locale.ROOT) + " while subscribed is not supported by Slotway; "
                + "unsubscribe first";
    }

    /** PING while subscribed: {@code *2 pong <message or "">}, as Redis answers it there. */
    public void ping(Client client, Request request) {
        ByteBuf reply = client.alloc().buffer();
        RespWriter.writeArrayHeader(reply, 2);
        RespWriter.writeBulk(reply, PONG);
        if (request.count() > 1) {
            RespWriter.writeBulk(reply, request.arg(1));
        } else {
            RespWriter.writeBulk(reply, new byte[0]);
        }
        reply(client, request, reply);
    }

    public void subscribe(Client client, Request request, Kind kind) {
        Upstream upstream = routes.home().upstream();
        if (kind == Kind.SHARD && upstream.config().mode() == UpstreamMode.CLUSTER && !oneSlot(request, upstream)) {
            reply(client, request, Replies.error(client.alloc(), Errors.CROSSSLOT));
            return;
        }
        if (client.state().mode() != ClientMode.NORMAL && !(client.state().mode() instanceof Subscribed)) {
            // WATCH holds keys on a pinned connection; Redis would keep them through the subscription.
            reply(client, request, Replies.error(client.alloc(), "ERR " + kind.subscribe().toUpperCase(Locale.ROOT)
                    + " after WATCH is not supported by Slotway; UNWATCH first"));
            return;
        }
        Subscribed mode = client.state().mode() instanceof Subscribed subscribed ? subscribed
                : new Subscribed(client, hub(upstream, client));
        client.state().mode(mode);
        ByteBuf acks = client.alloc().buffer();
        List<String> added = new ArrayList<>();
        List<Entry> pending = new ArrayList<>();
        // Bounded by the request's arguments.
        for (int i = 1; i < request.count(); i++) {
            String name = name(request, i);
            if (mode.add(kind, name)) {
                Entry entry = mode.hub().join(mode, kind, name);
                added.add(name);
                if (!entry.isConfirmed() && !pending.contains(entry)) {
                    pending.add(entry);
                }
            } else {
                // Subscribed again: an earlier SUBSCRIBE still waiting must not take it back.
                mode.disown(kind, name);
            }
            Acks.write(acks, kind.subscribe(), name, mode.count(kind), client.state().protocol());
        }
        if (pending.isEmpty()) {
            reply(client, request, acks);
            return;
        }
        // A first subscriber may wait for a subscriber connection to open and log in, then for the node's answer.
        PendingAnswer answer = client.answerLater(request, upstream.config().timeouts().connect().toNanos()
                + upstream.config().timeouts().commandNanos());
        Join join = new Join(mode, kind, added, acks, answer, pending.size());
        for (Entry entry : pending) {
            entry.await(join);
        }
    }

    public void unsubscribe(Client client, Request request, Kind kind) {
        ByteBuf acks = client.alloc().buffer();
        if (!(client.state().mode() instanceof Subscribed mode)) {
            // Nothing to leave: Redis still acknowledges, with a count of 0.
            if (request.count() == 1) {
                Acks.write(acks, kind.unsubscribe(), null, 0, client.state().protocol());
            }
            for (int i = 1; i < request.count(); i++) {
                Acks.write(acks, kind.unsubscribe(), name(request, i), 0, client.state().protocol());
            }
            reply(client, request, acks);
            return;
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i < request.count(); i++) {
            names.add(name(request, i));
        }
        if (names.isEmpty()) {
            names = mode.names(kind);
            if (names.isEmpty()) {
                Acks.write(acks, kind.unsubscribe(), null, mode.count(kind), client.state().protocol());
            }
        }
        // Bounded by the names given, or by the client's subscriptions of this kind.
        for (String name : names) {
            if (mode.remove(kind, name)) {
                mode.hub().leave(mode, kind, name);
            }
            Acks.write(acks, kind.unsubscribe(), name, mode.count(kind), client.state().protocol());
        }
        if (mode.isEmpty()) {
            client.state().mode(ClientMode.NORMAL);
        }
        reply(client, request, acks);
    }

    private UpstreamHub hub(Upstream upstream, Client client) {
        return hubs.hub(upstream, maxConnections, client.metrics(), client.services());
    }

    /**
     * PUBSUB CHANNELS, NUMSUB, NUMPAT, SHARDCHANNELS or SHARDNUMSUB ({@code sub} is the subcommand, lower case):
     * asked of every shard's primary and merged, so a channel's subscribers are Slotway's clients and whoever
     * subscribed on the nodes directly, and never Slotway's own connections.
     */
    public void introspect(Client client, Request request, String sub) {
        Upstream upstream = routes.home().upstream();
        Registry registry = hubs.registry(upstream);
        List<String> names = new ArrayList<>();
        for (int i = 2; i < request.count(); i++) {
            names.add(name(request, i));
        }
        IntrospectionMerger merger = switch (sub) {
            case "numsub" -> new IntrospectionMerger(IntrospectionMerger.Shape.COUNTS, Kind.CHANNEL, names, registry);
            case "shardnumsub" -> new IntrospectionMerger(IntrospectionMerger.Shape.COUNTS, Kind.SHARD, names,
                    registry);
            case "numpat" -> new IntrospectionMerger(IntrospectionMerger.Shape.LARGEST, Kind.PATTERN, names,
                    registry);
            default -> new IntrospectionMerger(IntrospectionMerger.Shape.UNION, Kind.CHANNEL, names, registry);
        };
        List<Shard> shards = upstream.topology().shards();
        UpstreamNode[] nodes = new UpstreamNode[shards.size()];
        Upstream[] upstreams = new Upstream[shards.size()];
        ByteBuf[] frames = new ByteBuf[shards.size()];
        for (int i = 0; i < nodes.length; i++) {
            upstreams[i] = upstream;
            nodes[i] = shards.get(i).primary();
            frames[i] = request.frame().retainedDuplicate();
        }
        client.fanOut(request, upstreams, nodes, frames, merger, SplitPlan.WHOLE_COMMAND,
                upstream.config().timeouts().fanoutNanos());
    }

    private static boolean oneSlot(Request request, Upstream upstream) {
        Topology topology = upstream.topology();
        int group = topology.groupFor(request.buffer(), request.offset(1), request.length(1));
        for (int i = 2; i < request.count(); i++) {
            if (topology.groupFor(request.buffer(), request.offset(i), request.length(i)) != group) {
                return false;
            }
        }
        return true;
    }

    private static String name(Request request, int index) {
        return request.frame().toString(request.offset(index), request.length(index), StandardCharsets.ISO_8859_1);
    }

    private static void reply(Client client, Request request, ByteBuf reply) {
        try {
            client.answer(reply);
        } finally {
            request.release();
        }
    }
}
