package io.slotway.upstream.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** The {@code ASKING} that goes in one unit with a request that got {@code -ASK}: the importing node takes it once. */
final class Asking {

    private static final ByteBuf FRAME = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("*1\r\n$6\r\nASKING\r\n".getBytes(StandardCharsets.US_ASCII))).asReadOnly();

    private Asking() {
    }

    /** The command's bytes, as a view of their own that releasing does not free. */
    static ByteBuf frame() {
        return FRAME.duplicate();
    }
}
