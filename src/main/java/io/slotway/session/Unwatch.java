package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.loop.Deadline;
import io.slotway.upstream.DedicatedConnection;
import io.slotway.upstream.UpstreamRequest;

import java.nio.charset.StandardCharsets;

/**
 * UNWATCH on a pinned connection nobody needs any more (DISCARD, UNWATCH, RESET, the client gone): back to the pool
 * on {@code +OK}, closed on anything else or when no answer comes by its deadline.
 */
final class Unwatch extends Deadline implements UpstreamRequest {

    private static final ByteBuf UNWATCH = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("*1\r\n$7\r\nUNWATCH\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private final DedicatedConnection connection;

    Unwatch(DedicatedConnection connection) {
        this.connection = connection;
    }

    @Override
    public ByteBuf frame() {
        return UNWATCH;
    }

    @Override
    public void complete(ByteBuf reply) {
        disarm();
        boolean ok = reply.isReadable() && reply.getByte(reply.readerIndex()) == '+';
        reply.release();
        if (ok) {
            connection.release();
        } else {
            connection.close("UNWATCH failed");
        }
    }

    @Override
    public void fail(String error) {
        disarm();
        connection.close(error);
    }

    @Override
    protected void expired() {
        connection.close("no answer to UNWATCH");
    }

    @Override
    public boolean isAbandoned() {
        return false;
    }
}
