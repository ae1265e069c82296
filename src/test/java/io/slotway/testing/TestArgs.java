package io.slotway.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.slotway.protocol.Args;

import java.nio.charset.StandardCharsets;

/** Arguments laid out in one heap buffer between other bytes, as the request decoder leaves them. */
public final class TestArgs implements Args {

    private final ByteBuf buffer;
    private final int[] offsets;
    private final int[] lengths;

    private TestArgs(ByteBuf buffer, int[] offsets, int[] lengths) {
        this.buffer = buffer;
        this.offsets = offsets;
        this.lengths = lengths;
    }

    public static TestArgs of(String... args) {
        ByteBuf buffer = Unpooled.buffer();
        int[] offsets = new int[args.length];
        int[] lengths = new int[args.length];
        // Separators on both sides, so that a reader straying outside an argument sees the wrong bytes.
        buffer.writeByte('#');
        for (int i = 0; i < args.length; i++) {
            byte[] bytes = args[i].getBytes(StandardCharsets.UTF_8);
            offsets[i] = buffer.writerIndex();
            lengths[i] = bytes.length;
            buffer.writeBytes(bytes).writeByte('#');
        }
        return new TestArgs(buffer, offsets, lengths);
    }

    @Override
    public int count() {
        return offsets.length;
    }

    @Override
    public ByteBuf buffer() {
        return buffer;
    }

    @Override
    public int offset(int index) {
        return offsets[index];
    }

    @Override
    public int length(int index) {
        return lengths[index];
    }
}
