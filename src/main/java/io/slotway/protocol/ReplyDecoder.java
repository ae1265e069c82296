package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/** Splits an upstream's byte stream into reply frames, each a retained slice of the bytes Redis sent. */
public final class ReplyDecoder extends ByteToMessageDecoder {

    private final ReplyScanner scanner = new ReplyScanner();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Bounded by the readable bytes: every frame found consumes at least 3 of them.
        while (in.isReadable()) {
            int length = scanner.scan(in);
            if (length < 0) {
                return;
            }
            out.add(in.readRetainedSlice(length));
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        scanner.reset();
    }
}
