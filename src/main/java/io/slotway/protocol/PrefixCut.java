package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A request rewritten with bytes cut from the front of some arguments: a route's prefix removed from its keys
 * ({@code remove_prefix}). The one place a request is copied rather than forwarded as sent.
 */
public final class PrefixCut {

    private PrefixCut() {
    }

    /**
     * A new request whose argument {@code i} lacks its first {@code cuts[i]} bytes ({@code cuts} covers every
     * argument). Takes ownership of {@code request}: it is released, and the new request is owned by the caller.
     */
    public static Request cut(ByteBufAllocator alloc, Request request, int[] cuts) {
        int count = request.count();
        int size = 16;
        for (int i = 0; i < count; i++) {
            size += 16 + request.length(i) - cuts[i];
        }
        ByteBuf frame = alloc.buffer(size);
        Request copy = Request.obtain();
        try {
            RespWriter.writeArrayHeader(frame, count);
            for (int i = 0; i < count; i++) {
                int length = request.length(i) - cuts[i];
                RespWriter.writeLengthLine(frame, '$', length);
                copy.addRange(frame.writerIndex(), length);
                frame.writeBytes(request.buffer(), request.offset(i) + cuts[i], length);
                frame.writeShort(RespWriter.CRLF);
            }
        } catch (RuntimeException e) {
            frame.release();
            copy.abandon();
            throw e;
        } finally {
            request.release();
        }
        return copy.seal(frame);
    }
}
