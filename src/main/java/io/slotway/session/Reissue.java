package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.slotway.protocol.Request;
import io.slotway.upstream.UpstreamNode;

/**
 * How a blocking command is sent again when its node answers that the keys moved ({@code -MOVED}) or that it is no
 * longer a primary ({@code -UNBLOCKED} after a failover): where its keys live now, and its frame with the time it
 * has left.
 */
public interface Reissue {

    /** The primary that holds the request's keys in the upstream's current map; null when none does. */
    UpstreamNode target(Request request);

    /** The request with its timeout set to {@code remainingMillis} (at least 1); the caller owns the frame. */
    ByteBuf frame(ByteBufAllocator alloc, Request request, long remainingMillis);
}
