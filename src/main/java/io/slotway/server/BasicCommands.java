package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;

import java.util.Map;

/** The small connection-level commands: PING, ECHO, QUIT, SELECT, AUTH, RESET, and the cluster-only ones. */
final class BasicCommands {

    private BasicCommands() {
    }

    static void register(Map<String, LocalCommand> into) {
        into.put("ping", BasicCommands::ping);
        into.put("echo", (session, request) -> session.answer(Replies.bulk(session.alloc(), request.copy(1))));
        into.put("quit", (session, request) -> session.answerAndClose(Replies.shared(Replies.OK)));
        into.put("select", BasicCommands::select);
        into.put("reset", BasicCommands::reset);
        // Cluster-aware clients send these; Slotway does the routing they were for.
        LocalCommand clusterOnly = (session, request) -> session.answer(session.facts().clusterMode()
                ? Replies.shared(Replies.OK)
                : Replies.error(session.alloc(), "ERR This instance has cluster support disabled"));
        into.put("readonly", clusterOnly);
        into.put("readwrite", clusterOnly);
        into.put("asking", clusterOnly);
    }

    private static void ping(ClientSession session, Request request) {
        if (request.count() == 1) {
            session.answer(Replies.shared(Replies.PONG));
        } else {
            session.answer(Replies.bulk(session.alloc(), request.copy(1)));
        }
    }

    /**
     * Each client's database is its own: Slotway remembers it and routes the client's commands over connections
     * opened in that database, so pooled connections never carry one client's SELECT to another.
     */
    private static void select(ClientSession session, Request request) {
        long index = request.parseLong(1, Long.MIN_VALUE);
        ByteBuf reply;
        if (index == Long.MIN_VALUE || index > Integer.MAX_VALUE) {
            reply = Replies.error(session.alloc(), Errors.NOT_INTEGER);
        } else if (index != 0 && session.facts().clusterMode()) {
            reply = Replies.error(session.alloc(), "ERR SELECT is not allowed in cluster mode");
        } else if (index < 0 || index >= session.facts().databases()) {
            reply = Replies.error(session.alloc(), "ERR DB index is out of range");
        } else {
            session.select((int) index);
            reply = Replies.shared(Replies.OK);
        }
        session.answer(reply);
    }

    private static void reset(ClientSession session, Request request) {
        session.select(-1);
        session.name(null);
        session.answer(Replies.simple(session.alloc(), "RESET"));
    }
}
