package io.slotway.tracking;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.RespWriter;
import io.slotway.session.Client;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * An invalidation as Redis sends it to the client that gets it: a RESP3 client the push {@code invalidate [keys]}; a
 * RESP2 client subscribed to anything (the target of a REDIRECT, subscribed to {@code __redis__:invalidate}) a
 * message on that channel, one per key (broadcast mode: all keys in one); another RESP2 client nothing, as Redis has
 * no way to tell it. A null {@code keys} is a flush: everything cached must go. Call on {@code to}'s event loop.
 */
final class Invalidations {

    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);

    private Invalidations() {
    }

    /** {@code redirected}: {@code to} is the REDIRECT target of another client, the only one told by message. */
    static void send(Client to, Collection<String> keys, boolean broadcast, boolean redirected) {
        if (to.state().protocol() == 3) {
            ByteBuf out = to.alloc().buffer();
            RespWriter.writePushHeader(out, 2, 3);
            RespWriter.writeBulk(out, INVALIDATE);
            writeKeys(out, keys, 3);
            // After the replies it is owed, which may carry the values this invalidates.
            to.push(out, true);
            return;
        }
        int[] subscriptions = to.state().mode().subscriptions();
        if (!redirected || subscriptions[0] + subscriptions[1] + subscriptions[2] == 0) {
            return;
        }
        if (keys == null || broadcast) {
            to.push(message(to, keys), true);
            return;
        }
        // Bounded by the keys: one message each, as Redis sends them outside broadcast mode.
        for (String key : keys) {
            to.push(message(to, List.of(key)), true);
        }
    }

    /** Redis's notice to a RESP3 client that its REDIRECT client is gone: {@code >2 tracking-redir-broken id}. */
    static void redirectBroken(Client to, long redirect) {
        if (to.state().protocol() != 3) {
            return;
        }
        ByteBuf out = to.alloc().buffer();
        RespWriter.writePushHeader(out, 2, 3);
        RespWriter.writeBulk(out, REDIR_BROKEN);
        RespWriter.writeInteger(out, redirect);
        to.push(out, true);
    }

    private static ByteBuf message(Client to, Collection<String> keys) {
        ByteBuf out = to.alloc().buffer();
        RespWriter.writeArrayHeader(out, 3);
        RespWriter.writeBulk(out, MESSAGE);
        RespWriter.writeBulk(out, CHANNEL);
        writeKeys(out, keys, 2);
        return out;
    }

    private static void writeKeys(ByteBuf out, Collection<String> keys, int protocol) {
        if (keys == null) {
            RespWriter.writeNull(out, protocol);
            return;
        }
        RespWriter.writeArrayHeader(out, keys.size());
        for (String key : keys) {
            RespWriter.writeBulk(out, key.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
