package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.slotway.command.Errors;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.session.Client;
import io.slotway.session.ClientState;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CLIENT ID | GETNAME | SETNAME, answered per client connection (the rest of CLIENT would act on Slotway's pooled
 * connections and is refused by the dispatcher), and CLIENT SETINFO, which came with Redis 7.2, after the table's
 * 7.0, and which 7.2-era clients send when they connect.
 */
final class ClientCommands {

    private static final byte[] SETINFO = "SETINFO".getBytes(StandardCharsets.US_ASCII);

    private ClientCommands() {
    }

    static void register(LocalCommands into) {
        into.add("client|id", (client, request) -> client.answer(Replies.integer(client.alloc(),
                client.state().id())));
        into.add("client|getname", (client, request) -> client.answer(Replies.bulkOrNull(client.alloc(),
                client.state().name(), client.state().protocol())));
        into.add("client|setname", ClientCommands::setName);
        into.add("client|reply", ClientCommands::reply);
        into.addNewerSubcommands("client", ClientCommands::newerSubcommand);
    }

    private static void setName(Client client, Request request) {
        byte[] name = request.copy(2);
        String invalid = invalidName(name);
        if (invalid != null) {
            client.answer(Replies.error(client.alloc(), invalid));
            return;
        }
        client.state().name(name);
        client.answer(Replies.shared(Replies.OK));
    }

    /** CLIENT REPLY ON|OFF|SKIP: OFF and SKIP are not answered (their silence starts with them), ON is. */
    private static void reply(Client client, Request request) {
        ClientState.ReplyMode mode = request.equalsIgnoreCase(2, "ON") ? ClientState.ReplyMode.ON
                : request.equalsIgnoreCase(2, "OFF") ? ClientState.ReplyMode.OFF
                : request.equalsIgnoreCase(2, "SKIP") ? ClientState.ReplyMode.SKIP_NEXT : null;
        if (mode == null) {
            client.answer(Replies.error(client.alloc(), Errors.SYNTAX));
            return;
        }
        client.state().replyMode(mode);
        client.answer(Replies.shared(Replies.OK));
    }

    private static void newerSubcommand(Client client, Request request) {
        if (!request.equalsIgnoreCase(1, SETINFO)) {
            client.answer(Replies.error(client.alloc(), "ERR unknown subcommand '" + request.argString(1)
                    + "'. Try CLIENT HELP."));
        } else if (request.count() != 4) {
            client.answer(Replies.error(client.alloc(),
                    "ERR wrong number of arguments for 'client|setinfo' command"));
        } else {
            client.answer(setInfo(client, request));
        }
    }

    /** Accepted and not kept: Slotway reports no CLIENT LIST where it would show. */
    private static ByteBuf setInfo(Client client, Request request) {
        String attribute = request.argString(2).toLowerCase(Locale.ROOT);
        if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
            return Replies.error(client.alloc(), "ERR Unrecognized option '" + request.argString(2) + "'");
        }
        if (invalidName(request.copy(3)) != null) {
            return Replies.error(client.alloc(), "ERR " + attribute
                    + " cannot contain spaces, newlines or special characters.");
        }
        return Replies.shared(Replies.OK);
    }

    /** Redis allows only printable ASCII without spaces in client names; null when {@code name} is one. */
    static String invalidName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }
}
