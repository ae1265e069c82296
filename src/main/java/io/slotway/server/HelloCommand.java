package io.slotway.server;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;

import java.nio.charset.StandardCharsets;

/** HELLO [protover [AUTH username password] [SETNAME clientname]]: RESP2 only for now. */
final class HelloCommand implements LocalCommand {

    private final Authenticator authenticator;

    /** {@code authenticator} is null when no downstream authentication is configured. */
    HelloCommand(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    private static final byte[] AUTH = "AUTH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SETNAME = "SETNAME".getBytes(StandardCharsets.US_ASCII);

    @Override
    public void execute(ClientSession session, Request request) {
        if (request.count() >= 2) {
            long version = request.parseLong(1, Long.MIN_VALUE);
            if (version == Long.MIN_VALUE) {
                session.answer(Replies.error(session.alloc(),
                        "ERR Protocol version is not an integer or out of range"));
                return;
            }
            if (version != 2) {
                session.answer(Replies.error(session.alloc(), "NOPROTO unsupported protocol version (Slotway speaks RESP2 for now)"));
                return;
            }
        }
        byte[] name = null;
        // Options are pairs or triples; the index only moves forward, bounded by the argument count.
        for (int i = 2; i < request.count(); i++) {
            boolean more = i + 1 < request.count();
            if (request.equalsIgnoreCase(i, AUTH) && i + 2 < request.count()) {
                String error = authenticator != null
                        ? AuthCommand.authenticate(session, authenticator, request.argString(i + 1), request.copy(i + 2))
                        : Authenticator.DEFAULT_USER.equals(request.argString(i + 1)) ? null : AuthCommand.WRONGPASS;
                if (error != null) {
                    session.answer(Replies.error(session.alloc(), error));
                    return;
                }
                i += 2;
            } else if (request.equalsIgnoreCase(i, SETNAME) && more) {
                name = request.copy(++i);
                String invalid = ClientCommand.invalidName(name);
                if (invalid != null) {
                    session.answer(Replies.error(session.alloc(), invalid));
                    return;
                }
            } else {
                session.answer(Replies.error(session.alloc(), "ERR Syntax error in HELLO option '"
                        + request.argString(i) + "'"));
                return;
            }
        }
        if (authenticator != null && session.user() == null) {
            session.answer(Replies.error(session.alloc(), "NOAUTH HELLO must be called with the client already "
                    + "authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to "
                    + "authenticate the client and select the RESP protocol version at the same time"));
            return;
        }
        if (name != null) {
            session.name(name.length == 0 ? null : name);
        }
        session.answer(reply(session));
    }

    private static ByteBuf reply(ClientSession session) {
        ByteBuf out = session.alloc().buffer(160);
        RespWriter.writeArrayHeader(out, 14);
        RespWriter.writeBulk(out, "server");
        RespWriter.writeBulk(out, "redis");
        RespWriter.writeBulk(out, "version");
        RespWriter.writeBulk(out, session.facts().redisVersion());
        RespWriter.writeBulk(out, "proto");
        RespWriter.writeInteger(out, 2);
        RespWriter.writeBulk(out, "id");
        RespWriter.writeInteger(out, session.id());
        RespWriter.writeBulk(out, "mode");
        RespWriter.writeBulk(out, "standalone");
        RespWriter.writeBulk(out, "role");
        RespWriter.writeBulk(out, "master");
        RespWriter.writeBulk(out, "modules");
        RespWriter.writeArrayHeader(out, 0);
        return out;
    }
}
