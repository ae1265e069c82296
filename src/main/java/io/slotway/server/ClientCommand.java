package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * CLIENT ID | GETNAME | SETNAME | SETINFO, answered per client connection. The rest of CLIENT acts on the server's
 * connection table, which behind a proxy holds Slotway's pooled connections, not this client: refused clearly.
 */
final class ClientCommand implements LocalCommand {

    @Override
    public void execute(ClientSession session, Request request) {
        String sub = request.argString(1).toLowerCase(Locale.ROOT);
        ByteBuf reply = switch (sub) {
            case "id" -> request.count() == 2 ? Replies.integer(session.alloc(), session.id()) : arity(session, sub);
            case "getname" -> request.count() == 2 ? Replies.bulkOrNull(session.alloc(), session.name())
                    : arity(session, sub);
            case "setname" -> request.count() == 3 ? setName(session, request.copy(2)) : arity(session, sub);
            case "setinfo" -> request.count() == 4 ? setInfo(session, request) : arity(session, sub);
            default -> Replies.error(session.alloc(), "ERR CLIENT " + sub.toUpperCase(Locale.ROOT)
                    + " is not supported by Slotway: it would act on the proxy's pooled connections");
        };
        session.answer(reply);
    }

    private static ByteBuf arity(ClientSession session, String sub) {
        return Replies.error(session.alloc(), "ERR wrong number of arguments for 'client|" + sub + "' command");
    }

    private static ByteBuf setName(ClientSession session, byte[] name) {
        String invalid = invalidName(name);
        if (invalid != null) {
            return Replies.error(session.alloc(), invalid);
        }
        session.name(name.length == 0 ? null : name);
        return Replies.shared(Replies.OK);
    }

    private static ByteBuf setInfo(ClientSession session, Request request) {
        String attribute = request.argString(2).toLowerCase(Locale.ROOT);
        if (!attribute.equals("lib-name") && !attribute.equals("lib-ver")) {
            return Replies.error(session.alloc(), "ERR Unrecognized option '" + request.argString(2) + "'");
        }
        if (invalidName(request.copy(3)) != null) {
            return Replies.error(session.alloc(), "ERR " + attribute
                    + " cannot contain spaces, newlines or special characters.");
        }
        return Replies.shared(Replies.OK);
    }

    /** Redis allows only printable ASCII without spaces in client names. */
    static String invalidName(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                return "ERR Client names cannot contain spaces, newlines or special characters.";
            }
        }
        return null;
    }

    static String nameString(byte[] name) {
        return name == null ? null : new String(name, StandardCharsets.US_ASCII);
    }
}
