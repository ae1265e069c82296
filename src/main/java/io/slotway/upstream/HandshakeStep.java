package io.slotway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.slotway.protocol.RespWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One command a fresh connection must succeed in before it carries client traffic (AUTH, HELLO 3, SELECT), or, for
 * a dedicated connection, its {@code CLIENT ID}, which CLIENT UNBLOCK names it by.
 */
final class HandshakeStep implements UpstreamRequest {

    private final ByteBuf frame;
    private final String name;
    private final UpstreamConnection connection;
    private final boolean last;
    /** A refusal does not fail the login (CLIENT ID, which an ACL may deny: CLIENT UNBLOCK then finds nothing). */
    private final boolean optional;

    private HandshakeStep(String name, ByteBuf frame, UpstreamConnection connection, boolean last, boolean optional) {
        this.name = name;
        this.frame = frame;
        this.connection = connection;
        this.last = last;
        this.optional = optional;
    }

    static List<HandshakeStep> forLogin(UpstreamNode node, ConnectionSetup setup, UpstreamConnection connection,
                                        boolean askClientId) {
        List<String[]> commands = new ArrayList<>();
        node.password().ifPresent(password -> commands.add(node.username()
                .map(user -> new String[] {"AUTH", user, password.value()})
                .orElseGet(() -> new String[] {"AUTH", password.value()})));
        if (setup.protocol() == 3) {
            // After AUTH: a server with a password refuses HELLO before it.
            commands.add(new String[] {"HELLO", "3"});
        }
        if (setup.database() != 0) {
            commands.add(new String[] {"SELECT", Integer.toString(setup.database())});
        }
        if (node.readOnlyConnections()) {
            commands.add(new String[] {"READONLY"});
        }
        if (askClientId) {
            commands.add(new String[] {"CLIENT", "ID"});
        }
        List<HandshakeStep> steps = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            String[] command = commands.get(i);
            steps.add(new HandshakeStep(command[0], encode(command), connection, i == commands.size() - 1,
                    command[0].equals("CLIENT")));
        }
        return steps;
    }

    private static ByteBuf encode(String[] command) {
        ByteBuf out = Unpooled.buffer();
        RespWriter.writeArrayHeader(out, command.length);
        for (String arg : command) {
            RespWriter.writeBulk(out, arg.getBytes(StandardCharsets.UTF_8));
        }
        // Kept as long as the connection: its exact bytes, not the 256 the builder started with.
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(out)));
    }

    @Override
    public ByteBuf frame() {
        return frame;
    }

    @Override
    public void complete(ByteBuf reply) {
        try {
            if (reply.getByte(reply.readerIndex()) == '-' && !optional) {
                // The reply text is Redis's (WRONGPASS ..., ERR DB index ...), never the secret we sent.
                String error = reply.toString(reply.readerIndex() + 1, reply.readableBytes() - 3,
                        StandardCharsets.UTF_8);
                connection.handshakeFailed(name + ": " + error);
                return;
            }
            if (reply.getByte(reply.readerIndex()) == ':' && optional) {
                connection.upstreamClientId(Long.parseLong(reply.toString(reply.readerIndex() + 1,
                        reply.readableBytes() - 3, StandardCharsets.US_ASCII)));
            }
            if (last) {
                connection.handshakeDone();
            }
        } finally {
            reply.release();
        }
    }

    @Override
    public void fail(String error) {
        // The connection is already closing and fails client requests itself.
    }

    @Override
    public boolean isAbandoned() {
        return false;
    }
}
