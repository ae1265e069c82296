package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ArrayFrameTest {

    private final ByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;

    private ByteBuf source(String text) {
        return alloc.buffer().writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void smallArrayIsCopiedIntoOneBufferAndHoldsNoReferenceToItsSources() {
        ByteBuf source = source("xx$3\r\nfoo\r\n$3\r\nbar\r\n");
        ByteBuf frame = ArrayFrame.start(alloc, 2, 18, 2);
        ArrayFrame.append(frame, source, 2, 9);
        ArrayFrame.append(frame, source, 11, 9);
        assertThat(frame).isNotInstanceOf(CompositeByteBuf.class);
        assertThat(source.refCnt()).isEqualTo(1);
        assertThat(frame.toString(StandardCharsets.US_ASCII)).isEqualTo("*2\r\n$3\r\nfoo\r\n$3\r\nbar\r\n");
        frame.release();
        source.release();
    }

    @Test
    void largeArrayGathersSlicesOfItsSourcesWithoutCopying() {
        String value = "v".repeat(ArrayFrame.COPY_LIMIT);
        ByteBuf source = source("$" + value.length() + "\r\n" + value + "\r\n");
        ByteBuf frame = ArrayFrame.start(alloc, 1, source.readableBytes(), 1);
        ArrayFrame.append(frame, source, 0, source.readableBytes());
        assertThat(frame).isInstanceOf(CompositeByteBuf.class);
        assertThat(source.refCnt()).isEqualTo(2);
        assertThat(frame.toString(StandardCharsets.US_ASCII))
                .isEqualTo("*1\r\n$" + value.length() + "\r\n" + value + "\r\n");
        frame.release();
        assertThat(source.refCnt()).isEqualTo(1);
        source.release();
    }
}
