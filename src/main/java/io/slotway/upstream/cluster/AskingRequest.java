package io.slotway.upstream.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;

/**
 * The {@code ASKING} sent right before a request that got {@code -ASK}, on the same connection, so the importing
 * node accepts it once. Its {@code +OK} is dropped. Stateless, so one instance serves every connection.
 */
public final class AskingRequest implements UpstreamRequest {

    public static final AskingRequest INSTANCE = new AskingRequest();

    private static final ByteBuf FRAME = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("*1\r\n$6\r\nASKING\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private AskingRequest() {
    }

    @Override
    public ByteBuf frame() {
        return FRAME;
    }

    @Override
    public void complete(ByteBuf reply) {
        reply.release();
    }

    @Override
    public void fail(String error) {
        // The request queued behind it fails on its own.
    }

    @Override
    public boolean isAbandoned() {
        return false;
    }
}
