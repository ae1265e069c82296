package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PushFrameTest {

    @Test
    void messagesAreToldFromAcknowledgements() {
        assertThat(PushFrame.isMessage(frame("*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"))).isTrue();
        assertThat(PushFrame.isMessage(frame("*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$0\r\n\r\n"))).isTrue();
        assertThat(PushFrame.isMessage(frame("*3\r\n$8\r\nsmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"))).isTrue();
        assertThat(PushFrame.isMessage(frame("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"))).isFalse();
        assertThat(PushFrame.isMessage(frame("+OK\r\n"))).isFalse();
    }

    @Test
    void elementsAreReadInPlaceWithAnyBytes() {
        ByteBuf frame = frame("*4\r\n$8\r\npmessage\r\n$2\r\n\u00ff*\r\n$3\r\n\u00ffab\r\n$5\r\nhello\r\n");
        assertThat(PushFrame.element(frame, 0)).isEqualTo("pmessage");
        assertThat(PushFrame.element(frame, 1)).isEqualTo("\u00ff*");
        assertThat(PushFrame.element(frame, 2)).isEqualTo("\u00ffab");
        assertThat(PushFrame.element(frame, 3)).isEqualTo("hello");
        assertThat(PushFrame.element(frame, 4)).isNull();
        assertThat(frame.readerIndex()).as("read in place").isZero();
    }

    @Test
    void truncatedOrOtherFramesHaveNoElements() {
        assertThat(PushFrame.element(frame("*3\r\n$7\r\nmess"), 0)).isNull();
        assertThat(PushFrame.element(frame("*1\r\n:5\r\n"), 0)).isNull();
        assertThat(PushFrame.element(frame("*1\r\n$2\r\nab\r\n"), 1)).isNull();
        assertThat(PushFrame.element(frame(""), 0)).isNull();
    }

    private static ByteBuf frame(String text) {
        return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
