package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits an upstream's byte stream into reply frames, each a retained slice of the bytes Redis sent.
 *
 * <p>A reply that grows past {@value #GUARD_THRESHOLD} bytes before it is complete is shown to the {@link Guard};
 * if the request waiting for it will not take that much (a fan-out over its size limit, a request past its
 * deadline), the frame is scanned to its end and dropped as it arrives, and {@link #DISCARDED} stands in for it.
 * Memory then stays bounded by one read plus the largest single value, not the whole reply.
 */
public final class ReplyDecoder extends ByteToMessageDecoder {

    /** Passed on in place of a reply that was dropped while it arrived. */
    public static final Object DISCARDED = new Object() {
        @Override
        public String toString() {
            return "DISCARDED";
        }
    };

    /** Replies smaller than this are always kept: asking costs more than holding them. */
    static final int GUARD_THRESHOLD = 64 * 1024;

    /** Decides whether the request at the head of the connection still wants a reply this large. */
    @FunctionalInterface
    public interface Guard {
        boolean accepts(long partialReplyBytes);
    }

    private final ReplyScanner scanner = new ReplyScanner();
    private final Guard guard;
    private boolean discarding;
    private boolean large;

    public ReplyDecoder(Guard guard) {
        this.guard = guard;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Bounded by the readable bytes: every frame found consumes at least 3 of them.
        while (in.isReadable()) {
            int length = scanner.scan(in);
            if (length < 0) {
                if (!discarding && in.readableBytes() >= GUARD_THRESHOLD) {
                    discarding = !guard.accepts(in.readableBytes());
                    if (!discarding && !large) {
                        // A large reply is gathered as a list of the reads it arrives in, not copied into an
                        // ever larger buffer: no copies, and no moment when the old and new buffer both exist.
                        large = true;
                        setCumulator(COMPOSITE_CUMULATOR);
                    }
                }
                if (discarding) {
                    in.skipBytes(scanner.discardScanned());
                }
                return;
            }
            if (discarding) {
                in.skipBytes(length);
                discarding = false;
                out.add(DISCARDED);
            } else {
                out.add(in.readRetainedSlice(length));
            }
            if (large) {
                large = false;
                setCumulator(MERGE_CUMULATOR);
            }
        }
    }

    /** Bytes of an unfinished reply held now; for tests of the memory bound. */
    int heldBytes() {
        return internalBuffer().readableBytes();
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        scanner.reset();
    }
}
