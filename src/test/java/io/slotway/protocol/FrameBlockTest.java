package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FrameBlockTest {

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    private ByteBuf source(String text) {
        return alloc.directBuffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static ByteBuf array(FrameBlock block, ByteBuf source, int index, int length) {
        ByteBuf frame = block.start(1, length, 1);
        ArrayFrame.append(frame, source, index, length);
        return block.finish(frame);
    }

    @Test
    void smallArraysShareOneBufferAndEachIsReleasedOnItsOwn() {
        ByteBuf source = source("$3\r\nfoo\r\n$3\r\nbar\r\n");
        ByteBuf first;
        ByteBuf second;
        try (FrameBlock block = FrameBlock.open(alloc, 18, 2)) {
            first = array(block, source, 0, 9);
            second = array(block, source, 9, 9);
        }
        assertThat(second.memoryAddress()).isEqualTo(first.memoryAddress() + first.readableBytes());
        assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo("*1\r\n$3\r\nfoo\r\n");
        first.release();
        assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("*1\r\n$3\r\nbar\r\n");
        assertThat(second.release()).isTrue();
        source.release();
    }

    @Test
    void arraysPastTheCopyLimitAreStartedOnTheirOwn() {
        String value = "v".repeat(ArrayFrame.COPY_LIMIT);
        ByteBuf source = source("$" + value.length() + "\r\n" + value + "\r\n");
        ByteBuf frame;
        try (FrameBlock block = FrameBlock.open(alloc, source.readableBytes(), 1)) {
            frame = array(block, source, 0, source.readableBytes());
        }
        assertThat(frame).isInstanceOf(CompositeByteBuf.class);
        assertThat(frame.toString(StandardCharsets.US_ASCII)).isEqualTo("*1\r\n$" + value.length() + "\r\n" + value
                + "\r\n");
        frame.release();
        source.release();
    }
}
