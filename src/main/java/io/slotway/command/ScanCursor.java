package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.slotway.protocol.RespWriter;

/**
 * SCAN over several shards with one cursor: the proxy cursor is the shard's own cursor shifted left by
 * {@value #SHARD_BITS} bits, with the shard index in the low bits. A shard's cursor returning to 0 moves the
 * iteration to the next shard, so a full iteration visits every shard once, in order, and keeps Redis's
 * guarantee (every key present throughout is returned at least once). Cursor 0 starts at shard 0 and a final
 * 0 ends the iteration, as in Redis.
 */
public final class ScanCursor {

    /** Enough for Redis Cluster's maximum of 16384 shards. */
    public static final int SHARD_BITS = 14;
    private static final long SHARD_MASK = (1L << SHARD_BITS) - 1;

    private ScanCursor() {
    }

    public static int shard(long proxyCursor) {
        return (int) (proxyCursor & SHARD_MASK);
    }

    public static long shardCursor(long proxyCursor) {
        return proxyCursor >>> SHARD_BITS;
    }

    /** The proxy cursor to hand the client after shard {@code shard} returned {@code next}. */
    public static long next(int shard, int shardCount, long next) {
        if (next != 0) {
            return (next << SHARD_BITS) | shard;
        }
        return shard + 1 < shardCount ? shard + 1 : 0;
    }

    /** Rewrites a shard's {@code [cursor, keys]} reply with the proxy cursor, keeping the keys' bytes. */
    public static ReplyMerger rewriter(int shard, int shardCount) {
        return (alloc, replies, plan, protocol) -> {
            ByteBuf reply = replies[0];
            int[] bounds = Mergers.elements(reply);
            ByteBuf cursorElement = reply.slice(bounds[0], bounds[1] - bounds[0]);
            int lineEnd = cursorElement.indexOf(cursorElement.readerIndex(), cursorElement.writerIndex(), (byte) '\n');
            int textStart = lineEnd + 1;
            String text = cursorElement.toString(textStart, cursorElement.writerIndex() - 2 - textStart,
                    java.nio.charset.StandardCharsets.US_ASCII);
            long next = next(shard, shardCount, Long.parseUnsignedLong(text));
            CompositeByteBuf out = alloc.compositeBuffer(2);
            ByteBuf head = alloc.buffer(32);
            RespWriter.writeArrayHeader(head, 2);
            RespWriter.writeBulk(head, Long.toUnsignedString(next));
            out.addComponent(true, head);
            out.addComponent(true, reply.retainedSlice(bounds[2], bounds[3] - bounds[2]));
            return out;
        };
    }
}
