package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/**
 * What a subscriber connection receives in RESP2: arrays of bulk strings whose first element names the kind
 * ({@code message}, {@code pmessage}, {@code smessage}, or the acknowledgements {@code subscribe},
 * {@code sunsubscribe}, ...). Reads a frame in place; names are decoded as ISO-8859-1, one char per byte, so any
 * channel name survives the round trip.
 */
public final class PushFrame {

    private static final int MAX_ELEMENTS = 4;

    private PushFrame() {
    }

    private static final ByteBuf PUSH_TYPE = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(1).writeByte('>')).asReadOnly();

    /**
     * The RESP2 array {@code frame} as the RESP3 push a RESP3 client gets instead: the same bytes after its type byte
     * (the caller keeps its own reference to {@code frame}; the result holds another).
     */
    public static ByteBuf asResp3Push(ByteBuf frame) {
        CompositeByteBuf push = frame.alloc().compositeBuffer(2);
        push.addComponent(true, PUSH_TYPE.duplicate());
        push.addComponent(true, frame.retainedSlice(frame.readerIndex() + 1, frame.readableBytes() - 1));
        return push;
    }

    /** Whether {@code frame} is a RESP3 push ({@code >}), which no request is ever answered with. */
    public static boolean isResp3Push(ByteBuf frame) {
        return frame.isReadable() && frame.getByte(frame.readerIndex()) == '>';
    }

    /** Whether {@code frame} is a published message (message, pmessage or smessage) rather than an answer. */
    public static boolean isMessage(ByteBuf frame) {
        String kind = element(frame, 0);
        return "message".equals(kind) || "pmessage".equals(kind) || "smessage".equals(kind);
    }

    /**
     * Element {@code index} of the array {@code frame} as text, or null when the frame is not an array of bulk
     * strings with that many elements (up to four are read: every pub/sub frame has at most four).
     */
    public static String element(ByteBuf frame, int index) {
        int at = frame.readerIndex();
        int end = frame.writerIndex();
        if (index >= MAX_ELEMENTS || at >= end || frame.getByte(at) != '*') {
            return null;
        }
        int lineEnd = frame.indexOf(at, end, (byte) '\r');
        long count = lineEnd < 0 ? -1 : Ascii.parseLong(frame, at + 1, lineEnd - at - 1, -1);
        if (count <= index) {
            return null;
        }
        at = lineEnd + 2;
        // Bounded by index (at most three elements skipped).
        for (int i = 0; i <= index; i++) {
            if (at >= end || frame.getByte(at) != '$') {
                return null;
            }
            lineEnd = frame.indexOf(at, end, (byte) '\r');
            long length = lineEnd < 0 ? -1 : Ascii.parseLong(frame, at + 1, lineEnd - at - 1, -1);
            if (length < 0 || lineEnd + 2 + length > end) {
                return null;
            }
            int start = lineEnd + 2;
            if (i == index) {
                return frame.toString(start, (int) length, StandardCharsets.ISO_8859_1);
            }
            at = start + (int) length + 2;
        }
        return null;
    }
}
