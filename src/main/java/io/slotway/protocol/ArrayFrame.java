package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

/**
 * Builds a RESP array from byte regions of other frames (a split command's part, a merged reply), never re-encoding
 * them. Small arrays are copied into one pooled buffer: copying a few hundred bytes costs less than the composite
 * buffer and per-region slices it would take to avoid it, and the socket gets one contiguous write. Large ones are
 * gathered as retained slices, so a 512 MB value is never copied.
 */
public final class ArrayFrame {

    /** Up to this many payload bytes an array is copied; beyond it, gathered. */
    public static final int COPY_LIMIT = 16 * 1024;

    private ArrayFrame() {
    }

    /**
     * A frame holding the header of an array of {@code elements}, ready for {@link #append}.
     *
     * @param payloadBytes the bytes the appended regions will add up to
     * @param regions      how many regions will be appended
     */
    public static ByteBuf start(ByteBufAllocator alloc, long elements, long payloadBytes, int regions) {
        ByteBuf header;
        if (payloadBytes <= COPY_LIMIT) {
            header = alloc.directBuffer((int) payloadBytes + 16);
            RespWriter.writeArrayHeader(header, elements);
            return header;
        }
        CompositeByteBuf frame = alloc.compositeBuffer(regions + 1);
        header = alloc.directBuffer(16);
        RespWriter.writeArrayHeader(header, elements);
        frame.addComponent(true, header);
        return frame;
    }

    /** Adds {@code length} bytes of {@code source} from {@code index}; the source keeps its own reference. */
    public static void append(ByteBuf frame, ByteBuf source, int index, int length) {
        if (length == 0) {
            return;
        }
        if (frame instanceof CompositeByteBuf composite) {
            composite.addComponent(true, source.retainedSlice(index, length));
        } else {
            frame.writeBytes(source, index, length);
        }
    }
}
