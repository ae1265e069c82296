package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** Pre-encoded replies shared by every connection (read-only; hand out {@code duplicate()}s). */
public final class Replies {

    static final byte[] NULL_BULK_BYTES = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    public static final ByteBuf OK = constant("+OK\r\n");
    public static final ByteBuf PONG = constant("+PONG\r\n");
    public static final ByteBuf NULL_BULK = constant("$-1\r\n");
    public static final ByteBuf EMPTY_ARRAY = constant("*0\r\n");
    public static final ByteBuf QUEUED = constant("+QUEUED\r\n");

    private Replies() {
    }

    private static ByteBuf constant(String resp) {
        return Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(resp.length()).writeBytes(resp.getBytes(StandardCharsets.US_ASCII))).asReadOnly();
    }

    /** Whether a reply is an error ({@code -ERR ...}). */
    public static boolean isError(ByteBuf reply) {
        return reply.isReadable() && reply.getByte(reply.readerIndex()) == '-';
    }

    /** A view of a shared constant that can be written and released like any reply. */
    /** Whether {@code reply} begins with {@code prefix} (ASCII, exact case). */
    public static boolean startsWith(ByteBuf reply, byte[] prefix) {
        if (reply.readableBytes() < prefix.length) {
            return false;
        }
        int at = reply.readerIndex();
        for (int i = 0; i < prefix.length; i++) {
            if (reply.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public static ByteBuf shared(ByteBuf constant) {
        return constant.duplicate();
    }

    public static ByteBuf error(ByteBufAllocator alloc, String message) {
        ByteBuf out = alloc.buffer(message.length() + 3);
        RespWriter.writeError(out, message);
        return out;
    }

    public static ByteBuf bulk(ByteBufAllocator alloc, byte[] value) {
        ByteBuf out = alloc.buffer(value.length + 16);
        RespWriter.writeBulk(out, value);
        return out;
    }

    public static ByteBuf bulkOrNull(ByteBufAllocator alloc, byte[] value) {
        return value == null ? shared(NULL_BULK) : bulk(alloc, value);
    }

    public static ByteBuf simple(ByteBufAllocator alloc, String value) {
        ByteBuf out = alloc.buffer(value.length() + 3);
        RespWriter.writeSimple(out, value);
        return out;
    }

    public static ByteBuf integer(ByteBufAllocator alloc, long value) {
        ByteBuf out = alloc.buffer(24);
        RespWriter.writeInteger(out, value);
        return out;
    }
}
