package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.slotway.protocol.Replies;

import java.nio.charset.StandardCharsets;

/**
 * Answers a node gives a blocked command that mean "not here any more": its keys moved ({@code -MOVED}) or are
 * moving ({@code -ASK}), the node
 * became a replica in a failover ({@code -UNBLOCKED force unblock ...}), or the cluster is changing
 * ({@code -TRYAGAIN}, {@code -CLUSTERDOWN}). Such a command is sent again where its keys are now.
 */
final class MovedAway {

    private static final byte[][] PREFIXES = {"-MOVED ".getBytes(StandardCharsets.US_ASCII),
        // Its slot is migrating and the key is not here: resent once the move ends (the owner's map says where).
        "-ASK ".getBytes(StandardCharsets.US_ASCII),
        "-UNBLOCKED force unblock".getBytes(StandardCharsets.US_ASCII),
        "-TRYAGAIN".getBytes(StandardCharsets.US_ASCII), "-CLUSTERDOWN".getBytes(StandardCharsets.US_ASCII)};

    private MovedAway() {
    }

    static boolean is(ByteBuf reply) {
        if (!reply.isReadable() || reply.getByte(reply.readerIndex()) != '-') {
            return false;
        }
        for (byte[] prefix : PREFIXES) {
            if (Replies.startsWith(reply, prefix)) {
                return true;
            }
        }
        return false;
    }
}
