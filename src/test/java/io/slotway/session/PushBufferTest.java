package io.slotway.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A subscriber's small messages leave as one write per flush, in order, and nothing is lost or leaked. */
class PushBufferTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final PushBuffer pushes = new PushBuffer();

    @AfterEach
    void close() {
        pushes.release();
        channel.finishAndReleaseAll();
    }

    private static ByteBuf message(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private String written() {
        ByteBuf out = channel.readOutbound();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    @Test
    void messagesGatheredBetweenFlushesLeaveAsOneWriteInOrder() {
        ByteBuf first = message("first;");
        ByteBuf second = message("second;");
        pushes.add(channel, first);
        pushes.add(channel, second);
        assertThat(first.refCnt()).as("copied, then let go").isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(pushes.bytes()).isEqualTo("first;second;".length());
        assertThat((Object) channel.readOutbound()).as("nothing written before writeTo").isNull();
        pushes.writeTo(channel);
        channel.flush();
        assertThat(written()).isEqualTo("first;second;");
        assertThat((Object) channel.readOutbound()).as("one write for both").isNull();
        assertThat(pushes.bytes()).isZero();
    }

    @Test
    void nothingGatheredWritesNothing() {
        pushes.writeTo(channel);
        channel.flush();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aFullBufferGoesOutAheadOfTheMessageThatDoesNotFit() {
        String big = "x".repeat(PushBuffer.MAX_COPIED_BYTES);
        int fit = PushBuffer.MAX_GATHERED_BYTES / big.length();
        for (int i = 0; i < fit; i++) {
            pushes.add(channel, message(big));
        }
        pushes.add(channel, message("last"));
        pushes.writeTo(channel);
        channel.flush();
        assertThat(written()).hasSize(fit * big.length());
        assertThat(written()).isEqualTo("last");
    }

    @Test
    void onlySmallMessagesAreGathered() {
        ByteBuf small = message("x".repeat(PushBuffer.MAX_COPIED_BYTES));
        ByteBuf large = message("x".repeat(PushBuffer.MAX_COPIED_BYTES + 1));
        assertThat(PushBuffer.gathers(small)).isTrue();
        assertThat(PushBuffer.gathers(large)).isFalse();
        small.release();
        large.release();
    }
}
