package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** Pre-encoded replies shared by every connection (read-only; hand out {@code duplicate()}s). */
public final class Replies {

    static final byte[] NULL_BULK_BYTES = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NULL_BYTES = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    public static final ByteBuf OK = constant("+OK\r\n");
    public static final ByteBuf PONG = constant("+PONG\r\n");
    public static final ByteBuf NULL_BULK = constant("$-1\r\n");
    /** RESP3's null, which stands for every RESP2 null (bulk string and array) a RESP3 client is sent. */
    public static final ByteBuf NULL = constant("_\r\n");
    public static final ByteBuf NULL_ARRAY = constant("*-1\r\n");
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

    /** A view of a shared constant that can be written and released like any reply. */
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

    public static ByteBuf bulkOrNull(ByteBufAllocator alloc, byte[] value, int protocol) {
        return value == null ? nullBulk(protocol) : bulk(alloc, value);
    }

    /** A missing string as {@code protocol} (2 or 3) writes it. */
    public static ByteBuf nullBulk(int protocol) {
        return shared(protocol == 3 ? NULL : NULL_BULK);
    }

    /** A missing array (EXEC aborted by WATCH, a blocking command's timeout) as {@code protocol} writes it. */
    public static ByteBuf nullArray(int protocol) {
        return shared(protocol == 3 ? NULL : NULL_ARRAY);
    }

    /** Whether {@code reply} is a null of either protocol ({@code $-1}, {@code *-1} or {@code _}). */
    public static boolean isNull(ByteBuf reply) {
        return reply.equals(NULL_BULK) || reply.equals(NULL) || reply.equals(NULL_ARRAY);
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
