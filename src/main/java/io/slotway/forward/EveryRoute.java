package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.command.KeyNames;
import io.slotway.command.Mergers;
import io.slotway.command.ReplyMerger;
import io.slotway.command.RequestPolicy;
import io.slotway.command.SplitPlan;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.route.Route;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Commands for every shard (KEYS, SCAN, DBSIZE, FLUSHDB, ...) when keys have prefix routes: every shard of each
 * upstream that holds keys, each exactly once, as the routes list them. Key names in replies get back the prefix
 * their route removed, and KEYS' pattern loses it on the way in where it spells it out.
 */
final class EveryRoute {

    private final Routes routes;
    private final CommandSpec keys;
    private final CommandSpec randomKey;

    EveryRoute(Routes routes, CommandSpec keys, CommandSpec randomKey) {
        this.routes = routes;
        this.keys = keys;
        this.randomKey = randomKey;
    }

    /** Takes ownership of {@code request}. */
    void route(Client client, Request request, CommandSpec spec) {
        if (spec.requestPolicy() == RequestPolicy.SPECIAL) {
            List<ScanRouter.Target> targets = new ArrayList<>();
            for (Route route : routes.keyspaces()) {
                Upstream upstream = route.upstreamFor(spec, client.state().tracking() != null);
                targets.addAll(ScanRouter.targets(upstream, route, upstream.topology().shards()));
            }
            ScanRouter.route(client, request, targets);
            return;
        }
        byte[] pattern = spec == keys && request.count() == 2 ? ScanRouter.bytes(request, 1) : null;
        List<Upstream> upstreams = new ArrayList<>();
        List<UpstreamNode> nodes = new ArrayList<>();
        List<ByteBuf> frames = new ArrayList<>();
        List<KeyNames.Restore> restores = new ArrayList<>();
        // Bounded by the routes' upstreams and their shard counts, each shard asked exactly once.
        for (Route route : routes.keyspaces()) {
            Upstream upstream = route.upstreamFor(spec, client.state().tracking() != null);
            for (Shard shard : upstream.topology().shards()) {
                upstreams.add(upstream);
                nodes.add(ShardRouter.target(client, upstream, spec, shard));
                PatternCut cut = route.removesPrefix() ? PatternCut.of(pattern, route.removed()) : null;
                frames.add(cut == null || cut.sent() == null ? request.frame().retainedDuplicate()
                        : keysFrame(client, cut.sent()));
                restores.add(cut == null ? null : cut.restore());
            }
        }
        ReplyMerger merger = Mergers.forSpec(spec);
        KeyNames.Shape shape = spec == keys ? KeyNames.Shape.ARRAY : spec == randomKey ? KeyNames.Shape.ONE : null;
        if (shape != null && restores.stream().anyMatch(restore -> restore != null)) {
            merger = KeyNames.restoring(merger, shape, restores.toArray(new KeyNames.Restore[0]));
        }
        client.fanOut(request, upstreams.toArray(new Upstream[0]), nodes.toArray(new UpstreamNode[0]),
                frames.toArray(new ByteBuf[0]), merger, SplitPlan.WHOLE_COMMAND,
                routes.home().upstream().config().timeouts().fanoutNanos());
    }

    private static ByteBuf keysFrame(Client client, byte[] pattern) {
        ByteBuf frame = client.alloc().buffer(pattern.length + 32);
        RespWriter.writeArrayHeader(frame, 2);
        RespWriter.writeBulk(frame, "KEYS");
        RespWriter.writeBulk(frame, pattern);
        return frame;
    }
}
