package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.slotway.command.Errors;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.session.Client;

/** The small connection-level commands: PING, ECHO, QUIT, SELECT, RESET, and the cluster-only ones. */
final class ConnectionCommands {

    private static final String CLUSTER_DISABLED = "ERR This instance has cluster support disabled";

    private ConnectionCommands() {
    }

    static void register(LocalCommands into, ServerFacts facts) {
        into.add("ping", ConnectionCommands::ping);
        into.add("echo", (client, request) -> client.answer(Replies.bulk(client.alloc(), request.copy(1))));
        into.add("quit", (client, request) -> client.answerAndClose(Replies.shared(Replies.OK)));
        into.add("select", (client, request) -> select(client, request, facts));
        into.add("reset", ConnectionCommands::reset);
        // Cluster-aware clients send these; Slotway does the routing they were for.
        LocalCommand clusterOnly = (client, request) -> client.answer(facts.clusterMode()
                ? Replies.shared(Replies.OK) : Replies.error(client.alloc(), CLUSTER_DISABLED));
        into.add("readonly", clusterOnly);
        into.add("readwrite", clusterOnly);
        into.add("asking", clusterOnly);
    }

    /** PING [message]: the table allows any count (arity -1); Redis itself refuses more than one message. */
    private static void ping(Client client, Request request) {
        if (request.count() > 2) {
            client.answer(Replies.error(client.alloc(), "ERR wrong number of arguments for 'ping' command"));
        } else if (request.count() == 1) {
            client.answer(Replies.shared(Replies.PONG));
        } else {
            client.answer(Replies.bulk(client.alloc(), request.copy(1)));
        }
    }

    /**
     * Each client's database is its own: Slotway remembers it and routes the client's commands over connections
     * opened in that database, so pooled connections never carry one client's SELECT to another.
     */
    private static void select(Client client, Request request, ServerFacts facts) {
        long index = request.parseLong(1, Long.MIN_VALUE);
        ByteBuf reply;
        if (index == Long.MIN_VALUE) {
            reply = Replies.error(client.alloc(), Errors.NOT_INTEGER);
        } else if (index > Integer.MAX_VALUE || index < Integer.MIN_VALUE) {
            reply = Replies.error(client.alloc(), "ERR value is out of range, value must between "
                    + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        } else if (index != 0 && facts.clusterMode()) {
            reply = Replies.error(client.alloc(), "ERR SELECT is not allowed in cluster mode");
        } else if (index < 0 || index >= facts.databases()) {
            reply = Replies.error(client.alloc(), "ERR DB index is out of range");
        } else {
            client.state().select((int) index);
            reply = Replies.shared(Replies.OK);
        }
        client.answer(reply);
    }

    /** RESET: the connection's state as new, and logged out as Redis does (AUTH again where a login is needed). */
    private static void reset(Client client, Request request) {
        if (client.state().protocol() == 2) {
            client.answer(reset(client));
            return;
        }
        // Back to RESP2: later commands go on other connections, so they wait for the earlier ones' answers. The
        // answer's silence is settled now, as it is queued: RESET ends CLIENT REPLY OFF.
        client.state().resetReplies();
        client.answerAfterEarlier(request.retain(), () -> reset(client));
    }

    private static ByteBuf reset(Client client) {
        client.state().reset();
        client.logout();
        return Replies.simple(client.alloc(), "RESET");
    }
}
