package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.command.CommandSpec;
import io.slotway.command.CommandTable;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.session.Client;

/**
 * COMMAND, COMMAND COUNT | INFO | DOCS answered from the command table (which was generated from a real server),
 * so every client sees the same metadata whichever node it would have reached. GETKEYS, LIST and HELP need the
 * server's own logic and are forwarded like any other command.
 */
final class CommandCommands {

    private CommandCommands() {
    }

    static void register(LocalCommands into, CommandTable table) {
        into.add("command", (client, request) -> client.answer(
                table.allInfoReply(client.state().protocol()).retainedDuplicate()));
        into.add("command|count", (client, request) -> client.answer(Replies.integer(client.alloc(), table.size())));
        into.add("command|info", (client, request) -> client.answer(info(client, request, table)));
        into.add("command|docs", (client, request) -> client.answer(docs(client, request, table)));
    }

    private static ByteBuf info(Client client, Request request, CommandTable table) {
        if (request.count() == 2) {
            return table.allInfoReply(client.state().protocol()).retainedDuplicate();
        }
        CompositeByteBuf out = client.alloc().compositeBuffer(request.count());
        ByteBuf header = client.alloc().buffer(16);
        RespWriter.writeArrayHeader(header, request.count() - 2);
        out.addComponent(true, header);
        for (int i = 2; i < request.count(); i++) {
            CommandSpec spec = table.lookup(request.argString(i));
            out.addComponent(true, spec == null ? Replies.nullBulk(client.state().protocol())
                    : table.infoReply(spec, client.state().protocol()).retainedDuplicate());
        }
        return out;
    }

    private static ByteBuf docs(Client client, Request request, CommandTable table) {
        if (request.count() == 2) {
            return table.allDocsReply(client.state().protocol()).retainedDuplicate();
        }
        CompositeByteBuf out = client.alloc().compositeBuffer(request.count() * 2);
        int found = 0;
        for (int i = 2; i < request.count(); i++) {
            CommandSpec spec = table.lookup(request.argString(i));
            if (spec != null) {
                ByteBuf name = client.alloc().buffer();
                RespWriter.writeBulk(name, spec.name());
                out.addComponent(true, name);
                out.addComponent(true, table.docsReply(spec, client.state().protocol()).retainedDuplicate());
                found++;
            }
        }
        ByteBuf header = client.alloc().buffer(16);
        RespWriter.writeMapHeader(header, found, client.state().protocol());
        out.addComponent(true, 0, header);
        return out;
    }
}
