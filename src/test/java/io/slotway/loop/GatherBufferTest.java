package io.slotway.loop;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Small writes leave as one write per flush, in order, and nothing is lost or leaked. */
class GatherBufferTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final GatherBuffer gathered = new GatherBuffer();

    @AfterEach
    void close() {
        gathered.release();
        channel.finishAndReleaseAll();
    }

    private static ByteBuf message(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private void copyAndRelease(ByteBuf message) {
        gathered.copy(channel, message);
        message.release();
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
        gathered.copy(channel, first);
        gathered.copy(channel, second);
        assertThat(first.refCnt()).as("copied: the caller keeps its reference").isEqualTo(1);
        first.release();
        second.release();
        assertThat(gathered.bytes()).isEqualTo("first;second;".length());
        assertThat((Object) channel.readOutbound()).as("nothing written before writeTo").isNull();
        gathered.writeTo(channel);
        channel.flush();
        assertThat(written()).isEqualTo("first;second;");
        assertThat((Object) channel.readOutbound()).as("one write for both").isNull();
        assertThat(gathered.bytes()).isZero();
    }

    @Test
    void nothingGatheredWritesNothing() {
        gathered.writeTo(channel);
        channel.flush();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aFullBufferGoesOutAheadOfTheMessageThatDoesNotFit() {
        String big = "x".repeat(GatherBuffer.MAX_COPIED_BYTES);
        int fit = GatherBuffer.MAX_GATHERED_BYTES / big.length();
        for (int i = 0; i < fit; i++) {
            copyAndRelease(message(big));
        }
        copyAndRelease(message("last"));
        gathered.writeTo(channel);
        channel.flush();
        assertThat(written()).hasSize(fit * big.length());
        assertThat(written()).isEqualTo("last");
    }

    @Test
    void onlySmallMessagesAreGathered() {
        ByteBuf small = message("x".repeat(GatherBuffer.MAX_COPIED_BYTES));
        ByteBuf large = message("x".repeat(GatherBuffer.MAX_COPIED_BYTES + 1));
        assertThat(GatherBuffer.gathers(small)).isTrue();
        assertThat(GatherBuffer.gathers(large)).isFalse();
        small.release();
        large.release();
    }
}
