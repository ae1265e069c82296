package io.slotway.forward;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.command.CommandSpec;
import io.slotway.metrics.UpstreamMetrics;
import io.slotway.protocol.Request;
import io.slotway.route.Mirror;
import io.slotway.route.Route;
import io.slotway.session.Client;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;
import io.slotway.upstream.UpstreamNode;

/**
 * Copies of a route's commands for its mirrors (Envoy's request_mirror_policy): sent over the client's event loop's
 * shared connections to each mirror upstream, placed by the mirror's own topology (split per its shards when the
 * command splits), replies dropped. A copy never waits for, delays or fails the client's own command. Each loop
 * keeps at most {@code limits.mirror_pending_requests} copies unanswered per mirror; past it copies are dropped and
 * counted, so a stalled mirror costs bounded memory. Stateless; one per config generation.
 */
public final class Mirrors {

    private final MirrorTraffic traffic;
    private final int maxPending;

    public Mirrors(MirrorTraffic traffic, int maxPending) {
        this.traffic = traffic;
        this.maxPending = maxPending;
    }

    /**
     * Copies {@code request}, whose keys at arguments {@code keys[0..count)} take {@code route}, to each of its
     * mirrors that copies {@code spec}. Borrows {@code request}: each copy holds its own bytes.
     */
    public void copy(Client client, Request request, CommandSpec spec, Route route, int[] keys, int count) {
        for (Mirror mirror : route.mirrors()) {
            if (mirror.copies(spec)) {
                copyTo(client, request, spec, mirror.upstream(), keys, count);
            }
        }
    }

    /**
     * Copies the part of {@code request}, a command that splits, made of its keys at arguments
     * {@code keys[0..count)} (those of {@code route}; the others take other routes) to each of the route's mirrors.
     */
    public void copyPart(Client client, Request request, CommandSpec spec, Route route, int[] keys, int count) {
        for (Mirror mirror : route.mirrors()) {
            if (mirror.copies(spec)) {
                Upstream upstream = mirror.upstream();
                splitTo(client, request, spec, upstream, upstream.topology(), keys, count);
            }
        }
    }

    /**
     * Copies a transaction, {@code frame} producing {@code replies} replies (MULTI ... EXEC), to each mirror of
     * {@code route}, on the shard of {@code firstKey} (null: a transaction without keys, on the first shard);
     * {@code writes}: whether any of its commands writes. Borrows {@code frame}.
     */
    public void copyUnit(Client client, Route route, ByteBuf frame, int replies, byte[] firstKey, boolean writes) {
        for (Mirror mirror : route.mirrors()) {
            if (mirror.copies(writes)) {
                Topology topology = mirror.upstream().topology();
                Shard shard = firstKey == null ? topology.shards().get(0)
                        : topology.shardFor(Unpooled.wrappedBuffer(firstKey), 0, firstKey.length);
                send(client, mirror.upstream(), shard.primary(), frame.retainedDuplicate(), replies);
            }
        }
    }

    private void copyTo(Client client, Request request, CommandSpec spec, Upstream upstream, int[] keys, int count) {
        Topology topology = upstream.topology();
        if (count <= 0 || topology.singleGroup()) {
            Shard shard = count <= 0 ? topology.shards().get(0)
                    : topology.shardFor(request.buffer(), request.offset(keys[0]), request.length(keys[0]));
            send(client, upstream, shard.primary(), request.frame().retainedDuplicate(), 1);
            return;
        }
        int group = topology.groupFor(request.buffer(), request.offset(keys[0]), request.length(keys[0]));
        boolean together = true;
        for (int i = 1; i < count && together; i++) {
            together = topology.groupFor(request.buffer(), request.offset(keys[i]), request.length(keys[i])) == group;
        }
        if (together || !ShardRouter.splits(spec)) {
            // Keys the mirror keeps apart that the command cannot split: the mirror answers as it would anyone.
            send(client, upstream, topology.shardOfGroup(group).primary(), request.frame().retainedDuplicate(), 1);
            return;
        }
        splitTo(client, request, spec, upstream, topology, keys, count);
    }

    private void splitTo(Client client, Request request, CommandSpec spec, Upstream upstream, Topology topology,
                         int[] keys, int count) {
        Split split = Split.byGroup(client.alloc(), request, spec,
                Split.byTopology(upstream, topology, Shard::primary), keys, count);
        for (int part = 0; part < split.frames().length; part++) {
            send(client, upstream, split.nodes()[part], split.frames()[part], 1);
        }
    }

    /** Takes ownership of {@code frame}. */
    private void send(Client client, Upstream upstream, UpstreamNode node, ByteBuf frame, int replies) {
        MirrorTraffic.Pending pending = traffic.pending(upstream.name());
        UpstreamMetrics metrics = client.metrics().upstream(upstream.name());
        if (pending.count >= maxPending) {
            frame.release();
            metrics.mirror(UpstreamMetrics.MirrorResult.DROPPED);
            return;
        }
        pending.count++;
        metrics.mirror(UpstreamMetrics.MirrorResult.SENT);
        upstream.send(client.poolFor(node, upstream), client.state().id(),
                new MirrorCopy(frame, replies, pending, metrics));
    }
}
