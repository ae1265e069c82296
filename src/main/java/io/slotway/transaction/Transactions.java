package io.slotway.transaction;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.command.CommandSpec;
import io.slotway.command.Errors;
import io.slotway.command.KeyLocator;
import io.slotway.command.RequestPolicy;
import io.slotway.metrics.Metrics;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespValue;
import io.slotway.protocol.RespWriter;
import io.slotway.forward.Mirrors;
import io.slotway.loop.GatherBuffer;
import io.slotway.route.Mirror;
import io.slotway.route.Route;
import io.slotway.route.Routes;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;
import io.slotway.session.ClientState;
import io.slotway.session.DedicatedUse;
import io.slotway.session.Unit;
import io.slotway.upstream.Shard;
import io.slotway.upstream.Topology;
import io.slotway.upstream.Upstream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH as Redis answers them, and the queueing in between. Commands are checked
 * and held in Slotway (each answered {@code +QUEUED}); EXEC sends {@code MULTI}, the commands and {@code EXEC} as one
 * unit on the client's own connection to the node of their keys, so the transaction follows the client's earlier
 * commands to that node, nothing of it can run alone, and no connection is pinned. After WATCH, the unit runs on the
 * dedicated connection the WATCH ran on instead. Every method takes ownership of its request.
 */
public final class Transactions {

    /** A reload, a sharded node ejected or back, or a cluster slot map change between MULTI and EXEC. */
    private static final String CHANGED = "ERR the upstream's shards changed during the transaction; run it again";

    /** Room for the SELECT back after EXEC, when there is one (a database index has at most 10 digits). */
    private static final int SELECT_BACK_BYTES = 32;
    private static final byte[] NIL = "*-1".getBytes(StandardCharsets.US_ASCII);

    private static final ByteBuf MULTI = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("*1\r\n$5\r\nMULTI\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private final Routes routes;
    private final Mirrors mirrors;
    private final int maxQueued;
    private final CommandSpec ping;
    private final CommandSpec select;
    private final int databases;
    private final boolean clusterMode;

    /**
     * {@code maxQueued}: commands one transaction may hold before it is refused (limits.max_pending_requests);
     * {@code ping}: the table's PING, which Redis marks as for every shard but any one node answers in a transaction;
     * {@code select}: the table's SELECT, run inside the transaction on the node; {@code databases} and
     * {@code clusterMode}: which indexes SELECT accepts there.
     */
    public Transactions(Routes routes, Mirrors mirrors, int maxQueued, CommandSpec ping, CommandSpec select,
                        int databases, boolean clusterMode) {
        this.routes = routes;
        this.mirrors = mirrors;
        this.maxQueued = maxQueued;
        this.ping = ping;
        this.select = select;
        this.databases = databases;
        this.clusterMode = clusterMode;
    }

    /** Whether {@code client} is queueing a transaction. */
    public static boolean queueing(Client client) {
        return client.state().mode() instanceof Transaction;
    }

    public void multi(Client client, Request request) {
        if (queueing(client)) {
            // Refused without aborting the transaction, as Redis does.
            reply(client, request, Replies.error(client.alloc(), "ERR MULTI calls can not be nested"));
            return;
        }
        client.state().mode(client.state().mode() instanceof Watching watching ? watching.toTransaction()
                : new Transaction());
        reply(client, request, Replies.shared(Replies.OK));
    }

    public void discard(Client client, Request request) {
        if (!queueing(client)) {
            reply(client, request, Replies.error(client.alloc(), "ERR DISCARD without MULTI"));
            return;
        }
        client.state().mode(ClientMode.NORMAL);
        client.metrics().transactionEnded(Metrics.TransactionEnd.DISCARDED);
        reply(client, request, Replies.shared(Replies.OK));
    }

    /**
     * WATCH outside a transaction: runs on a dedicated connection the client keeps until EXEC, DISCARD, UNWATCH or
     * RESET, so the EXEC it guards runs where it watched. Its keys, and the transaction's, must share one group.
     */
    public void watch(Client client, Request request, CommandSpec spec) {
        // The route of WATCH's keys (the dispatcher refused keys that span routes).
        Upstream upstream = client.state().route().upstream();
        Topology topology = upstream.topology();
        int group = 0;
        if (!topology.singleGroup()) {
            int[] keys = client.keyScratch(request.count());
            int count = KeyLocator.locate(spec, request, keys);
            group = count > 0 ? topology.groupFor(request.buffer(), request.offset(keys[0]), request.length(keys[0]))
                    : 0;
            for (int i = 1; i < count; i++) {
                if (topology.groupFor(request.buffer(), request.offset(keys[i]), request.length(keys[i])) != group) {
                    reply(client, request, Replies.error(client.alloc(), Errors.CROSSSLOT));
                    return;
                }
            }
        }
        if (client.state().mode() instanceof Watching watching) {
            if (!watching.sameGroup(upstream, topology, group)) {
                reply(client, request, Replies.error(client.alloc(), Errors.CROSSSLOT));
                return;
            }
        } else {
            client.state().mode(new Watching(client, upstream, topology, group));
        }
        client.forwardDedicated(request, null, upstream, topology.shardOfGroup(group).primary(),
                upstream.config().timeouts().commandNanos(), DedicatedUse.PIN);
    }

    /** UNWATCH outside a transaction: the watch ends and its connection goes back to the pool. */
    public void unwatch(Client client, Request request) {
        if (client.state().mode() instanceof Watching) {
            client.state().mode(ClientMode.NORMAL);
        }
        reply(client, request, Replies.shared(Replies.OK));
    }

    /** WATCH between MULTI and EXEC: refused, as Redis refuses it, without aborting the transaction. */
    public void watchInside(Client client, Request request) {
        reply(client, request, Replies.error(client.alloc(), "ERR WATCH inside MULTI is not allowed"));
    }

    /** Checks {@code request} against the transaction: queued ({@code +QUEUED}), or refused and the EXEC aborted. */
    public void queue(Client client, Request request, CommandSpec spec) {
        Transaction transaction = (Transaction) client.state().mode();
        int[] keys = client.keyScratch(request.count());
        int count = KeyLocator.locate(spec, request, keys);
        boolean keyless = count <= 0 && count != KeyLocator.UNKNOWN;
        // A command without keys runs wherever the transaction's keys do; one with keys on its keys' route.
        Upstream upstream = keyless && transaction.upstream() != null ? transaction.upstream()
                : client.state().route().upstream();
        String refusal = transaction.queued().size() >= maxQueued
                ? "ERR a transaction holds at most " + maxQueued + " commands (limits.max_pending_requests)"
                : refusal(request, spec, upstream, transaction, keys, count);
        if (refusal != null) {
            transaction.refused();
            reply(client, request, Replies.error(client.alloc(), refusal));
            return;
        }
        if (spec == select) {
            // Redis checks the index when EXEC runs it; Slotway only remembers where a valid one takes the client.
            long index = request.parseLong(1, -1);
            transaction.selected(index >= 0 && index < databases && (index == 0 || !clusterMode) ? (int) index : -1,
                    transaction.queued().size());
        }
        if (count > 0) {
            byte[] key = new byte[request.length(keys[0])];
            request.buffer().getBytes(request.offset(keys[0]), key);
            transaction.keyed(client.state().route(), key);
        }
        transaction.add(request, Mirror.writes(spec));
        client.answer(Replies.shared(Replies.QUEUED));
    }

    /** Why {@code request} cannot join the transaction, or null when it can (its key group is then recorded). */
    private String refusal(Request request, CommandSpec spec, Upstream upstream, Transaction transaction,
                           int[] keys, int count) {
        Topology topology = upstream.topology();
        if (transaction.topology() != null && transaction.topology() != topology) {
            return CHANGED;
        }
        RequestPolicy policy = spec.requestPolicy();
        // With prefix routes "every shard" spans upstreams, and a later key could still move the transaction.
        if ((topology.shards().size() > 1 || routes.byPrefix()) && spec != ping && (policy == RequestPolicy.ALL_SHARDS
                || policy == RequestPolicy.ALL_NODES || policy == RequestPolicy.SPECIAL)) {
            return "ERR " + spec.name().replace('|', ' ').toUpperCase(Locale.ROOT)
                    + " reaches every shard, so it cannot run inside a transaction";
        }
        if (topology.singleGroup()) {
            // Keyless commands do not choose the node: with prefix routes, the transaction's keys do.
            return count <= 0 && count != KeyLocator.UNKNOWN || transaction.sameGroup(upstream, topology, 0) ? null
                    : Errors.CROSSSLOT;
        }
        if (count == KeyLocator.UNKNOWN) {
            return Errors.unknownKeys(spec.name());
        }
        if (count <= 0) {
            return null;
        }
        int group = topology.groupFor(request.buffer(), request.offset(keys[0]), request.length(keys[0]));
        for (int i = 1; i < count; i++) {
            if (topology.groupFor(request.buffer(), request.offset(keys[i]), request.length(keys[i])) != group) {
                return Errors.CROSSSLOT;
            }
        }
        return transaction.sameGroup(upstream, topology, group) ? null : Errors.CROSSSLOT;
    }

    /** Runs the transaction as one unit, answers EXECABORT if a command was refused, or says there is none. */
    public void exec(Client client, Request request) {
        if (!queueing(client)) {
            reply(client, request, Replies.error(client.alloc(), "ERR EXEC without MULTI"));
            return;
        }
        Transaction transaction = (Transaction) client.state().mode();
        if (transaction.aborted()) {
            client.state().mode(ClientMode.NORMAL);
            client.metrics().transactionEnded(Metrics.TransactionEnd.ABORTED);
            reply(client, request, Replies.error(client.alloc(),
                    "EXECABORT Transaction discarded because of previous errors."));
            return;
        }
        if (transaction.queued().isEmpty() && !transaction.watched()) {
            client.state().mode(ClientMode.NORMAL);
            reply(client, request, Replies.shared(Replies.EMPTY_ARRAY));
            return;
        }
        Upstream upstream = transaction.upstream() != null ? transaction.upstream() : routes.home().upstream();
        Topology topology = upstream.topology();
        // A reload that replaced the upstream, or a new slot map, since the keys were placed.
        boolean moved = transaction.upstream() != null
                && (!routes.upstreams().contains(upstream) || transaction.topology() != topology);
        if (moved) {
            // A group is only good in the snapshot it came from: run nothing rather than on the wrong node.
            client.state().mode(ClientMode.NORMAL);
            client.metrics().transactionEnded(Metrics.TransactionEnd.ABORTED);
            reply(client, request, Replies.error(client.alloc(), "EXECABORT Transaction discarded because of: "
                    + CHANGED.substring(4)));
            return;
        }
        Shard shard = transaction.group() >= 0 ? topology.shardOfGroup(transaction.group()) : topology.shards().get(0);
        Unit unit = unit(client, request, transaction, upstream);
        Route route = transaction.route() != null ? transaction.route() : routes.home();
        if (!route.mirrors().isEmpty() && !transaction.selects()) {
            // As a transaction, placed by its first key; sent as EXEC is, whether or not a WATCH then aborts it.
            // Not one that SELECTs: its unit ends with a SELECT back to this upstream's database, not the mirror's.
            mirrors.copyUnit(client, route, unit.frame(), unit.replies(), transaction.firstKey(), transaction.writes());
        }
        if (transaction.watched()) {
            // On the connection WATCH ran on, which then goes back to the pool; fails if it was lost (and is then
            // counted as aborted, not committed).
            client.forwardDedicated(request, unit, upstream, shard.primary(),
                    upstream.config().timeouts().commandNanos(), DedicatedUse.UNPIN);
        } else {
            client.metrics().transactionEnded(Metrics.TransactionEnd.COMMITTED);
            client.forwardUnit(request, unit, upstream, shard.primary());
        }
        // The unit holds its own references; the queued requests are let go with the mode.
        client.state().mode(ClientMode.NORMAL);
    }

    /**
     * MULTI, the queued commands and EXEC in one frame. A SELECT inside runs there as in Redis (the commands after it
     * use the new database, EXEC's reply has its answer), and a SELECT back to the connection's own database follows
     * EXEC in the same write, so the shared connection is never left elsewhere; the client is in the new database
     * once EXEC has run.
     */
    private static Unit unit(Client client, Request exec, Transaction transaction, Upstream upstream) {
        List<Request> queued = transaction.queued();
        // One contiguous buffer: a transaction is small, and one plain write costs the kernel less than a gather.
        int size = MULTI.readableBytes() + exec.frame().readableBytes() + SELECT_BACK_BYTES;
        for (Request command : queued) {
            size += command.frame().readableBytes();
        }
        // A small one on the heap, not pooled: the node connection's writer copies it into its own buffer anyway, and
        // a pooled buffer's allocation and release cost more than the young collection that frees this one (which
        // also frees it if a release is ever missed, so the leak detector does not track it). A larger one is written
        // as it is, and the transport would copy a heap buffer into a pooled direct one on every send.
        ByteBuf frame = size <= GatherBuffer.MAX_COPIED_BYTES ? Unpooled.buffer(size) : client.alloc().ioBuffer(size);
        frame.writeBytes(MULTI, MULTI.readerIndex(), MULTI.readableBytes());
        for (Request command : queued) {
            frame.writeBytes(command.frame(), command.frame().readerIndex(), command.frame().readableBytes());
        }
        frame.writeBytes(exec.frame(), exec.frame().readerIndex(), exec.frame().readableBytes());
        int execIndex = queued.size() + 1;
        if (!transaction.selects()) {
            return new Unit(frame, execIndex + 1, execIndex, null, false);
        }
        int connectionDatabase = client.state().database() >= 0 ? client.state().database()
                : upstream.config().database();
        RespWriter.writeArrayHeader(frame, 2);
        RespWriter.writeBulk(frame, "SELECT");
        RespWriter.writeBulk(frame, Integer.toString(connectionDatabase));
        int selected = transaction.selectedDatabase();
        int position = transaction.selectPosition();
        ClientState state = client.state();
        // A barrier: the client's later requests must run in the database EXEC leaves it in.
        return new Unit(frame, execIndex + 2, execIndex, selected < 0 ? null : reply -> {
            if (selectRan(reply, position)) {
                state.select(selected);
            }
        }, true);
    }

    /** Whether EXEC ran (an array, not a WATCH's nil or EXECABORT) and the SELECT at {@code position} said OK. */
    private static boolean selectRan(ByteBuf reply, int position) {
        if (!reply.isReadable() || reply.getByte(reply.readerIndex()) != '*' || Replies.startsWith(reply, NIL)) {
            return false;
        }
        RespValue results = RespValue.parse(reply.duplicate());
        return results != null && results.kind() == RespValue.Kind.ARRAY && position < results.items().size()
                && results.get(position).kind() == RespValue.Kind.SIMPLE;
    }

    private static void reply(Client client, Request request, ByteBuf reply) {
        try {
            client.answer(reply);
        } finally {
            request.release();
        }
    }
}
