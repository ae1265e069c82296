package io.slotway.local;

import io.netty.buffer.ByteBuf;
import io.slotway.auth.Authenticator;
import io.slotway.protocol.Replies;
import io.slotway.protocol.Request;
import io.slotway.protocol.RespWriter;
import io.slotway.session.Client;
import io.slotway.session.ClientMode;

import java.nio.charset.StandardCharsets;

/**
 * HELLO [protover [AUTH username password] [SETNAME clientname]] in Redis 7.0's order: the options left to right
 * (AUTH logging in as it is read), then the login check, then the name, then the protocol. A switch of protocol
 * waits for the client's earlier replies, since later commands go on connections set up for the other protocol
 * and must not overtake them.
 */
final class HelloCommand implements LocalCommand {

    private static final byte[] AUTH = "AUTH".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SETNAME = "SETNAME".getBytes(StandardCharsets.US_ASCII);

    private final Authenticator authenticator;
    private final ServerFacts facts;

    /** {@code authenticator} is null when no downstream authentication is configured. */
    HelloCommand(Authenticator authenticator, ServerFacts facts) {
        this.authenticator = authenticator;
        this.facts = facts;
    }

    @Override
    public void execute(Client client, Request request) {
        int version = client.state().protocol();
        if (request.count() >= 2) {
            long asked = request.parseLong(1, Long.MIN_VALUE);
            if (asked == Long.MIN_VALUE) {
                client.answer(Replies.error(client.alloc(), "ERR Protocol version is not an integer or out of range"));
                return;
            }
            if (asked != 2 && asked != 3) {
                client.answer(Replies.error(client.alloc(), "NOPROTO unsupported protocol version"));
                return;
            }
            version = (int) asked;
        }
        int name = 0;
        // Options are pairs or triples; the index only moves forward, bounded by the argument count. As in Redis
        // 7.0, AUTH logs in as soon as it is read, before a later option's syntax error.
        for (int i = 2; i < request.count(); i++) {
            int more = request.count() - 1 - i;
            if (request.equalsIgnoreCase(i, AUTH) && more >= 2) {
                String error = AuthCommand.authenticate(client, authenticator, request.argString(i + 1),
                        request.copy(i + 2));
                if (error != null) {
                    client.answer(Replies.error(client.alloc(), error));
                    return;
                }
                i += 2;
            } else if (request.equalsIgnoreCase(i, SETNAME) && more >= 1) {
                name = ++i;
            } else {
                client.answer(Replies.error(client.alloc(), "ERR Syntax error in HELLO option '"
                        + request.argString(i) + "'"));
                return;
            }
        }
        if (client.user() == null) {
            client.answer(Replies.error(client.alloc(), "NOAUTH HELLO must be called with the client already "
                    + "authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate "
                    + "the client and select the RESP protocol version at the same time"));
            return;
        }
        if (name > 0) {
            byte[] newName = request.copy(name);
            String invalid = ClientCommands.invalidName(newName);
            if (invalid != null) {
                client.answer(Replies.error(client.alloc(), invalid));
                return;
            }
            client.state().name(newName);
        }
        if (version == client.state().protocol()) {
            client.answer(reply(client));
            return;
        }
        if (client.state().mode() != ClientMode.NORMAL && !client.state().mode().awaitsPushes()) {
            // WATCH's guard is a connection set up for the old protocol; the EXEC it guards must run there.
            client.answer(Replies.error(client.alloc(), "ERR HELLO " + version + " after WATCH is not supported by "
                    + "Slotway; UNWATCH or EXEC first"));
            return;
        }
        int switchTo = version;
        // answerAfterEarlier takes its own reference; the caller releases the one it lent.
        client.answerAfterEarlier(request.retain(), () -> {
            client.state().protocol(switchTo);
            return reply(client);
        });
    }

    private ByteBuf reply(Client client) {
        int protocol = client.state().protocol();
        ByteBuf out = client.alloc().buffer(160);
        RespWriter.writeMapHeader(out, 7, protocol);
        RespWriter.writeBulk(out, "server");
        RespWriter.writeBulk(out, "redis");
        RespWriter.writeBulk(out, "version");
        RespWriter.writeBulk(out, facts.redisVersion());
        RespWriter.writeBulk(out, "proto");
        RespWriter.writeInteger(out, client.state().protocol());
        RespWriter.writeBulk(out, "id");
        RespWriter.writeInteger(out, client.state().id());
        RespWriter.writeBulk(out, "mode");
        // In front of a cluster Slotway presents itself as a cluster node, as CLUSTER INFO does.
        RespWriter.writeBulk(out, facts.clusterMode() ? "cluster" : "standalone");
        RespWriter.writeBulk(out, "role");
        RespWriter.writeBulk(out, "master");
        RespWriter.writeBulk(out, "modules");
        RespWriter.writeArrayHeader(out, 0);
        return out;
    }
}
