package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Combines the replies of a command that went to several shards into the one reply a single Redis would give.
 * Replies arrive error-free (the caller turns any shard error into the whole reply's error first).
 */
@FunctionalInterface
public interface ReplyMerger {

    /**
     * @param replies one reply per part, in part order; the merger does not release them (the caller does)
     * @param plan     which original key positions each part carried (for order-restoring merges)
     * @param protocol the client's RESP version (2 or 3) when it sent the command: the merged reply's, as the
     *                 parts' are (they came on connections set up for it)
     * @return the merged reply, owned by the caller (it may hold retained slices of {@code replies})
     */
    ByteBuf merge(ByteBufAllocator alloc, ByteBuf[] replies, SplitPlan plan, int protocol);
}
