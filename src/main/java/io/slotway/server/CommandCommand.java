package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.route.Routes;
import io.slotway.upstream.Upstream;

import java.util.Locale;

/**
 * COMMAND, COMMAND COUNT | INFO | DOCS answered from the command table (which was generated from a real server),
 * so every client sees the same metadata whichever node it would have reached. GETKEYS, LIST and HELP need the
 * server's own logic and are forwarded.
 */
final class CommandCommand implements LocalCommand {

    private final CommandTable table;
    private final Routes routes;

    CommandCommand(CommandTable table, Routes routes) {
        this.table = table;
        this.routes = routes;
    }

    @Override
    public void execute(ClientSession session, Request request) {
        if (request.count() == 1) {
            session.answer(table.allInfoReply().retainedDuplicate());
            return;
        }
        String sub = request.argString(1).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "count" -> session.answer(request.count() == 2 ? Replies.integer(session.alloc(), table.size())
                    : Replies.error(session.alloc(), "ERR wrong number of arguments for 'command|count' command"));
            case "info" -> session.answer(info(session, request));
            case "docs" -> session.answer(docs(session, request));
            default -> {
                // The exchange takes its own reference; the dispatcher releases the caller's.
                request.retain();
                Upstream upstream = routes.defaultUpstream();
                session.forward(request, upstream, upstream.topology().shards().get(0).primary());
            }
        }
    }

    private ByteBuf info(ClientSession session, Request request) {
        if (request.count() == 2) {
            return table.allInfoReply().retainedDuplicate();
        }
        CompositeByteBuf out = session.alloc().compositeBuffer(request.count());
        ByteBuf header = session.alloc().buffer(16);
        RespWriter.writeArrayHeader(header, request.count() - 2);
        out.addComponent(true, header);
        for (int i = 2; i < request.count(); i++) {
            CommandSpec spec = table.lookup(request.argString(i));
            out.addComponent(true, spec == null ? Replies.shared(Replies.NULL_BULK) : spec.infoReply().retainedDuplicate());
        }
        return out;
    }

    private ByteBuf docs(ClientSession session, Request request) {
        if (request.count() == 2) {
            return table.allDocsReply().retainedDuplicate();
        }
        CompositeByteBuf out = session.alloc().compositeBuffer(request.count() * 2);
        int found = 0;
        for (int i = 2; i < request.count(); i++) {
            CommandSpec spec = table.lookup(request.argString(i));
            if (spec != null) {
                ByteBuf name = session.alloc().buffer();
                RespWriter.writeBulk(name, spec.name());
                out.addComponent(true, name);
                out.addComponent(true, spec.docsReply().retainedDuplicate());
                found++;
            }
        }
        ByteBuf header = session.alloc().buffer(16);
        RespWriter.writeArrayHeader(header, found * 2L);
        out.addComponent(true, 0, header);
        return out;
    }
}
