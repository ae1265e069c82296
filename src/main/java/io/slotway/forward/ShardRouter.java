package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.slotway.command.CommandFlag;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.command.Errors;
import io.slotway.command.InfoMerger;
import io.slotway.command.KeyLocator;
import io.slotway.command.Mergers;
import io.slotway.command.ReplyMerger;
import io.slotway.command.RequestPolicy;
import io.slotway.command.ResponsePolicy;
import io.slotway.command.SplitPlan;
import io.slotway.config.ReadPolicy;
import io.slotway.config.UpstreamMode;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.route.Route;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.upstream.ReadTargets;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.List;

/**
 * Sends a request to the shards that must see it, as the command table says: keys decide the shard; commands
 * whose request policy is all_shards/all_nodes go to every shard of the topology, exactly once each; multi_shard
 * commands (MGET, MSET, DEL, ...) are split per key group; keys that must live together but do not get CROSSSLOT.
 * Where every key is in one group (a standalone node, or one sharded node) a command is simply forwarded, so a
 * one-node upstream can never loop looking for more. Stateless; one per config generation.
 */
public final class ShardRouter {

    private final Routes routes;
    private final EveryRoute everyRoute;
    private final Mirrors mirrors;
    private final CommandSpec info;
    private final CommandSpec publish;
    private final CommandSpec spublish;

    /**
     * From {@code table}: INFO, answered with every shard's keyspace; PUBLISH and SPUBLISH, which a sharded upstream
     * sends to the node their channel hashes to, where Slotway subscribes that channel; KEYS and RANDOMKEY, whose
     * key names a route that removes its prefix must give back.
     */
    public ShardRouter(Routes routes, CommandTable table, Mirrors mirrors) {
        this.routes = routes;
        this.mirrors = mirrors;
        this.everyRoute = new EveryRoute(routes, table.lookup("keys"), table.lookup("randomkey"));
        this.info = table.lookup("info");
        this.publish = table.lookup("publish");
        this.spublish = table.lookup("spublish");
    }

    /**
     * Takes ownership of {@code request}, which {@code spec} describes, bound for the client's route (the dispatcher
     * chose it from the keys; none when they span routes, for a command that splits).
     */
    public void route(Client client, Request request, CommandSpec spec) {
        Route route = client.state().route();
        if (route == null) {
            RouteSplit.split(client, request, spec, routes, mirrors);
            return;
        }
        if (spec != info && routes.byPrefix() && everyShard(spec.requestPolicy())) {
            everyRoute.route(client, request, spec);
            return;
        }
        Upstream upstream = route.upstreamFor(spec, client.state().tracking() != null);
        Topology topology = upstream.topology();
        List<Shard> shards = topology.shards();
        if (spec == info) {
            // INFO always gets Slotway's own section and the keyspace of every shard, even for one shard.
            toEveryShard(client, request, upstream, shards, spec, new InfoMerger(upstream.name(),
                    upstream.config().mode().configName(), shards.size()));
            return;
        }
        if (topology.singleGroup()) {
            mirror(client, request, spec, route);
            client.forward(request, upstream, target(client, upstream, spec, shards.get(0)));
            return;
        }
        if ((spec == publish || spec == spublish) && upstream.config().mode() == UpstreamMode.SHARDED
                && request.count() > 1) {
            // The channel is no key to Redis, but a sharded upstream places it like one (a cluster passes PUBLISH
            // to every node itself, so there any shard will do).
            Shard shard = topology.shardFor(request.buffer(), request.offset(1), request.length(1));
            client.forward(request, upstream, shard.primary());
            return;
        }
        RequestPolicy policy = spec.requestPolicy();
        if (shards.size() > 1 && policy == RequestPolicy.SPECIAL) {
            // Only SCAN has a special request policy in Redis 7.0: its cursor walks the shards one by one.
            ScanRouter.route(client, request, ScanRouter.targets(upstream, route, shards));
            return;
        }
        if (shards.size() > 1 && everyShard(policy)) {
            toEveryShard(client, request, upstream, shards, spec, Mergers.forSpec(spec));
            return;
        }
        byKeys(client, request, spec, route, upstream, topology);
    }

    /** A copy for each of the route's mirrors, of a command that goes on (one refused here is not copied). */
    private void mirror(Client client, Request request, CommandSpec spec, Route route) {
        // Commands for every shard (FLUSHDB, SCRIPT LOAD) are not copied: one shard of a mirror would get them.
        if (!route.mirrors().isEmpty() && !everyShard(spec.requestPolicy())) {
            int[] keys = client.keyScratch(request.count());
            mirrors.copy(client, request, spec, route, keys, KeyLocator.locate(spec, request, keys));
        }
    }

    /** SCAN (special: its cursor walks the shards) and the commands every shard must see. */
    private static boolean everyShard(RequestPolicy policy) {
        return policy == RequestPolicy.SPECIAL || policy == RequestPolicy.ALL_SHARDS
                || policy == RequestPolicy.ALL_NODES;
    }

    /** To the shard of the request's keys; split per key group, or refused, when they are in several. */
    private void byKeys(Client client, Request request, CommandSpec spec, Route route, Upstream upstream,
                        Topology topology) {
        int[] keys = client.keyScratch(request.count());
        int count = KeyLocator.locate(spec, request, keys);
        if (count == KeyLocator.UNKNOWN) {
            // Keys only the command's own parser could find: guessing a shard could write to the wrong one.
            client.answer(Replies.error(client.alloc(), Errors.unknownKeys(spec.name())));
            request.release();
            return;
        }
        if (count <= 0) {
            // Keyless, or arguments Redis will reject itself: any shard answers the same; use the first.
            mirror(client, request, spec, route);
            client.forward(request, upstream, target(client, upstream, spec, topology.shards().get(0)));
            return;
        }
        int group = topology.groupFor(request.buffer(), request.offset(keys[0]), request.length(keys[0]));
        boolean together = true;
        for (int i = 1; i < count && together; i++) {
            together = topology.groupFor(request.buffer(), request.offset(keys[i]), request.length(keys[i])) == group;
        }
        if (together) {
            mirror(client, request, spec, route);
            client.forward(request, upstream, target(client, upstream, spec, topology.shardOfGroup(group)));
        } else if (splits(spec)) {
            mirror(client, request, spec, route);
            split(client, request, spec, upstream, topology, keys, count);
        } else {
            client.answer(Replies.error(client.alloc(), Errors.CROSSSLOT));
            request.release();
        }
    }

    /**
     * Split per group when the table says the command spans shards and its keys run to the end of the arguments.
     * MSETNX's all-or-nothing (agg_min) cannot hold across shards, so it must stay on one.
     */
    public static boolean splits(CommandSpec spec) {
        return spec.requestPolicy() == RequestPolicy.MULTI_SHARD
                && spec.responsePolicy() != ResponsePolicy.AGG_MIN
                && spec.keySpecs().size() == 1
                && spec.keySpecs().get(0).lastKey() < 0;
    }

    private static void toEveryShard(Client client, Request request, Upstream upstream, List<Shard> shards,
                                     CommandSpec spec, ReplyMerger merger) {
        UpstreamNode[] nodes = new UpstreamNode[shards.size()];
        Upstream[] upstreams = new Upstream[shards.size()];
        ByteBuf[] frames = new ByteBuf[shards.size()];
        for (int i = 0; i < nodes.length; i++) {
            upstreams[i] = upstream;
            nodes[i] = target(client, upstream, spec, shards.get(i));
            // Every shard gets the same bytes; each part holds its own reference.
            frames[i] = request.frame().retainedDuplicate();
        }
        client.fanOut(request, upstreams, nodes, frames, merger, SplitPlan.WHOLE_COMMAND,
                upstream.config().timeouts().fanoutNanos());
    }

    /**
     * Read-only commands may go to a replica, as the upstream's read policy says; everything else to the primary.
     * A caching client (CLIENT TRACKING) reads from the primary, whose changes its invalidations follow: a lagging
     * replica could hand it a value older than an invalidation already sent.
     */
    static UpstreamNode target(Client client, Upstream upstream, CommandSpec spec, Shard shard) {
        ReadPolicy policy = upstream.config().cluster().readPolicy();
        if (policy == ReadPolicy.PRIMARY || !spec.has(CommandFlag.READONLY) || client.state().tracking() != null) {
            return shard.primary();
        }
        return ReadTargets.pick(policy, shard, client.state().id());
    }

    private static void split(Client client, Request request, CommandSpec spec, Upstream upstream,
                              Topology topology, int[] keys, int count) {
        Split split = Split.byGroup(client.alloc(), request, spec,
                Split.byTopology(upstream, topology, shard -> target(client, upstream, spec, shard)), keys, count);
        client.fanOut(request, split.upstreams(), split.nodes(), split.frames(), Mergers.forSpec(spec), split.plan(),
                upstream.config().timeouts().commandNanos());
    }
}
