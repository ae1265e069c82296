package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Several arrays built by {@link ArrayFrame} into one pooled buffer, each handed out as its own retained slice: a
 * cluster MGET of 10 keys is cut into 10 parts, and one allocation instead of ten cut its CPU by 10-15% (the pool's
 * per-size caches hold a few hundred buffers, and a pipelined burst of splits went past them into the arena's
 * locks). Past {@link ArrayFrame#COPY_LIMIT} in all, each array is started on its own, as before.
 */
public final class FrameBlock implements AutoCloseable {

    /** The most an array header takes: '*', 19 digits, CRLF. */
    private static final int HEADER_BYTES = 22;

    private final ByteBufAllocator alloc;
    private final ByteBuf block;
    private int start;

    private FrameBlock(ByteBufAllocator alloc, ByteBuf block) {
        this.alloc = alloc;
        this.block = block;
    }

    /** A block for {@code arrays} arrays whose appended regions add up to {@code payloadBytes}. */
    public static FrameBlock open(ByteBufAllocator alloc, long payloadBytes, int arrays) {
        boolean shared = payloadBytes <= ArrayFrame.COPY_LIMIT;
        return new FrameBlock(alloc,
                shared ? alloc.directBuffer((int) payloadBytes + arrays * HEADER_BYTES) : null);
    }

    /** As {@link ArrayFrame#start}; the frame it returns takes {@link ArrayFrame#append}, then {@link #finish}. */
    public ByteBuf start(long elements, long payloadBytes, int regions) {
        if (block == null) {
            return ArrayFrame.start(alloc, elements, payloadBytes, regions);
        }
        start = block.writerIndex();
        RespWriter.writeArrayHeader(block, elements);
        return block;
    }

    /** The finished array as a buffer of its own, which its holder releases. */
    public ByteBuf finish(ByteBuf frame) {
        return frame == block ? block.retainedSlice(start, block.writerIndex() - start) : frame;
    }

    /** Lets go of the block's own reference: the slices handed out keep its memory until they are released. */
    @Override
    public void close() {
        if (block != null) {
            block.release();
        }
    }
}
