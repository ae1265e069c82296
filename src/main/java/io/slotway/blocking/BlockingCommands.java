package io.slotway.blocking;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.command.BlockTimeout;
import io.slotway.command.CommandSpec;
import io.slotway.command.Errors;
import io.slotway.command.KeyLocator;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.session.BlockedClients;
import io.slotway.session.Client;
import io.slotway.session.Reissue;
import io.slotway.session.Unit;
import io.slotway.upstream.UpstreamNode;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs a blocking command on a dedicated connection to the primary of its keys' shard, so it may wait as long as it
 * asks without holding up anyone's commands on a shared connection. Its deadline is its own timeout plus the
 * upstream's {@code timeouts.command} as a grace (a {@code BLPOP q 30} is not cut at one second), and none for a
 * timeout of 0: it waits until it is served, its client leaves, or Slotway drains. Stateless; one per generation.
 */
public final class BlockingCommands {

    private static final byte[] CLIENT = "CLIENT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNBLOCK = "UNBLOCK".getBytes(StandardCharsets.US_ASCII);
    /** The arguments hold no key (Redis rejects them at once). */
    private static final int NO_KEYS = -100;

    public BlockingCommands() {
    }

    /**
     * Sends {@code request} on a dedicated connection, or answers why it cannot go; false (the request untouched)
     * when it does not block this time (XREAD without BLOCK, no keys found): then it is an ordinary command.
     */
    public boolean run(Client client, Request request, CommandSpec spec) {
        long millis = BlockTimeout.millis(spec, request);
        if (millis == BlockTimeout.NOT_BLOCKING) {
            return false;
        }
        Upstream upstream = client.state().route().upstream();
        Topology topology = upstream.topology();
        int group = 0;
        if (!topology.singleGroup()) {
            group = group(client, request, spec, topology);
            if (group == NO_KEYS) {
                // Arguments Redis rejects at once, whichever shard gets them.
                return false;
            }
            if (group < 0) {
                client.answer(Replies.error(client.alloc(), group == KeyLocator.UNKNOWN
                        ? Errors.unknownKeys(spec.name()) : Errors.CROSSSLOT));
                request.release();
                return true;
            }
        }
        long grace = upstream.config().timeouts().commandNanos();
        // An invalid timeout is answered by Redis at once: the grace alone is its deadline.
        long timeoutNanos = millis == 0 ? 0 : millis == BlockTimeout.INVALID ? grace
                : TimeUnit.MILLISECONDS.toNanos(millis) + grace;
        client.forwardBlocking(request, upstream, topology.shardOfGroup(group).primary(), timeoutNanos,
                new Reroute(upstream, spec));
        return true;
    }

    /** Where a blocking command goes again after its keys moved: the upstream's current map decides. */
    private static final class Reroute implements Reissue {
        private final Upstream upstream;
        private final CommandSpec spec;

        Reroute(Upstream upstream, CommandSpec spec) {
            this.upstream = upstream;
            this.spec = spec;
        }

        @Override
        public UpstreamNode target(Request request) {
            Topology topology = upstream.topology();
            if (topology.singleGroup()) {
                return topology.shards().get(0).primary();
            }
            int[] keys = new int[request.count()];
            int count = KeyLocator.locate(spec, request, keys);
            return count <= 0 ? null
                    : topology.shardFor(request.buffer(), request.offset(keys[0]), request.length(keys[0])).primary();
        }

        @Override
        public ByteBuf frame(ByteBufAllocator alloc, Request request, long remainingMillis) {
            return BlockTimeout.withTimeout(alloc, spec, request, remainingMillis);
        }
    }

    /**
     * {@code CLIENT UNBLOCK id [TIMEOUT|ERROR]} with one of Slotway's client ids: sent to the node the client blocks
     * on, naming the dedicated connection by the node's own id, so the blocked command ends there exactly as on
     * one Redis (a timeout's nil, or {@code -UNBLOCKED}) and its connection stays clean; the node's answer (1 or 0)
     * is this one's. A client not blocked now gets 0. Takes ownership of the request.
     */
    public void unblock(Client client, Request request) {
        long id = request.parseLong(2, Long.MIN_VALUE);
        if (id == Long.MIN_VALUE) {
            answer(client, request, Errors.NOT_INTEGER);
            return;
        }
        String reason = "TIMEOUT";
        if (request.count() == 4) {
            if (!request.equalsIgnoreCase(3, "TIMEOUT") && !request.equalsIgnoreCase(3, "ERROR")) {
                answer(client, request, "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
            reason = request.equalsIgnoreCase(3, "ERROR") ? "ERROR" : "TIMEOUT";
        } else if (request.count() > 4) {
            answer(client, request, Errors.SYNTAX);
            return;
        }
        BlockedClients.Blocked blocked = BlockedClients.find(id);
        long upstreamId = blocked == null ? -1 : blocked.connection().upstreamClientId();
        if (upstreamId < 0 || !blocked.claimForUnblock()) {
            client.answer(Replies.integer(client.alloc(), 0));
            request.release();
            return;
        }
        ByteBuf frame = client.alloc().buffer();
        RespWriter.writeArrayHeader(frame, 4);
        RespWriter.writeBulk(frame, CLIENT);
        RespWriter.writeBulk(frame, UNBLOCK);
        RespWriter.writeBulk(frame, Long.toString(upstreamId).getBytes(StandardCharsets.US_ASCII));
        RespWriter.writeBulk(frame, reason.getBytes(StandardCharsets.US_ASCII));
        client.forwardUnit(request, Unit.lastAnswers(frame, 1), blocked.upstream(), blocked.connection().node());
    }

    private static void answer(Client client, Request request, String error) {
        client.answer(Replies.error(client.alloc(), error));
        request.release();
    }


    /**
     * The key group all keys share; -1 when they are in several, {@link KeyLocator#UNKNOWN} if unknowable,
     * {@link #NO_KEYS} if the arguments hold none.
     */
    private static int group(Client client, Request request, CommandSpec spec, Topology topology) {
        int[] keys = client.keyScratch(request.count());
        int count = KeyLocator.locate(spec, request, keys);
        if (count == KeyLocator.UNKNOWN) {
            return KeyLocator.UNKNOWN;
        }
        if (count <= 0) {
            return NO_KEYS;
        }
        int group = topology.groupFor(request.buffer(), request.offset(keys[0]), request.length(keys[0]));
        for (int i = 1; i < count; i++) {
            if (topology.groupFor(request.buffer(), request.offset(keys[i]), request.length(keys[i])) != group) {
                return -1;
            }
        }
        return group;
    }
}
