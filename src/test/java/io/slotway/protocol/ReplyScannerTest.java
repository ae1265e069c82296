package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplyScannerTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(partialBytes -> true));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "+OK\r\n", "-ERR no\r\n", ":42\r\n", "$5\r\nhello\r\n", "$0\r\n\r\n", "$-1\r\n", "*-1\r\n", "*0\r\n",
            "*2\r\n$1\r\na\r\n:1\r\n", "*2\r\n*2\r\n+a\r\n+b\r\n*0\r\n", "*3\r\n$-1\r\n*1\r\n*1\r\n:1\r\n-E\r\n",
            "_\r\n", ",3.14\r\n", "#t\r\n", "(12345678901234567890\r\n", "!3\r\nerr\r\n", "=7\r\ntxt:abc\r\n",
            "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n", "~2\r\n+a\r\n+b\r\n", ">2\r\n+message\r\n+x\r\n",
            "|1\r\n+key\r\n+value\r\n+actual\r\n", "*1\r\n|1\r\n+k\r\n+v\r\n:1\r\n"})
    void wholeFrameIsFoundExactly(String frame) {
        assertThat(scanAll(frame + "+NEXT\r\n")).containsExactly(frame, "+NEXT\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*2\r\n$5\r\nhello\r\n*1\r\n:7\r\n", "%1\r\n+a\r\n$3\r\nb\r\n\r\n"})
    void frameFedOneByteAtATimeIsFoundOnce(String frame) {
        List<String> found = new ArrayList<>();
        for (byte b : frame.getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            found.addAll(read());
        }
        assertThat(found).containsExactly(frame);
    }

    @Test
    void replyTheGuardDeclinesIsDroppedAsItArrivesWithoutBeingHeld() {
        long[] asked = {0};
        ReplyDecoder decoder = new ReplyDecoder(partialBytes -> {
            asked[0] = partialBytes;
            return partialBytes < 100_000;
        });
        EmbeddedChannel guarded = new EmbeddedChannel(decoder);
        int keys = 100_000;
        guarded.writeInbound(Unpooled.copiedBuffer("*" + keys + "\r\n", StandardCharsets.US_ASCII));
        int maxHeld = 0;
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < keys; i++) {
            chunk.append("$10\r\nkey:").append(String.format("%06d", i)).append("\r\n");
            if (chunk.length() > 8_000 || i == keys - 1) {
                guarded.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.US_ASCII));
                chunk.setLength(0);
                maxHeld = Math.max(maxHeld, decoder.heldBytes());
            }
        }
        guarded.writeInbound(Unpooled.copiedBuffer("+NEXT\r\n", StandardCharsets.US_ASCII));
        assertThat(asked[0]).as("the guard saw the reply grow").isGreaterThanOrEqualTo(100_000);
        assertThat(maxHeld).as("bytes held at most: the 1.7 MB reply was not").isLessThan(120_000);
        assertThat((Object) guarded.readInbound()).isSameAs(ReplyDecoder.DISCARDED);
        ByteBuf next = guarded.readInbound();
        assertThat(next.toString(StandardCharsets.US_ASCII)).isEqualTo("+NEXT\r\n");
        next.release();
        assertThat(guarded.finishAndReleaseAll()).isFalse();
    }

    @Test
    void smallRepliesNeverAskTheGuard() {
        EmbeddedChannel guarded = new EmbeddedChannel(new ReplyDecoder(partialBytes -> {
            throw new AssertionError("asked about " + partialBytes + " bytes");
        }));
        guarded.writeInbound(Unpooled.copiedBuffer("*2\r\n$1\r\na\r\n", StandardCharsets.US_ASCII));
        guarded.writeInbound(Unpooled.copiedBuffer("$1\r\nb\r\n", StandardCharsets.US_ASCII));
        ByteBuf reply = guarded.readInbound();
        assertThat(reply.toString(StandardCharsets.US_ASCII)).isEqualTo("*2\r\n$1\r\na\r\n$1\r\nb\r\n");
        reply.release();
        guarded.finishAndReleaseAll();
    }

    @Test
    void bulkContainingCrlfIsNotCutShort() {
        assertThat(scanAll("$4\r\n\r\n\r\n\r\n")).containsExactly("$4\r\n\r\n\r\n\r\n");
    }

    @Test
    void splitInsideCrlfWaitsForTheRest() {
        channel.writeInbound(Unpooled.copiedBuffer("*1\r\n:1\r", StandardCharsets.US_ASCII));
        assertThat(read()).isEmpty();
        channel.writeInbound(Unpooled.copiedBuffer("\n", StandardCharsets.US_ASCII));
        assertThat(read()).containsExactly("*1\r\n:1\r\n");
    }

    @Test
    void largeArrayArrivingInPiecesIsScannedIncrementally() {
        StringBuilder frame = new StringBuilder("*10000\r\n");
        for (int i = 0; i < 10_000; i++) {
            frame.append("$5\r\nkey").append(i % 10).append(i % 10).append("\r\n");
        }
        String text = frame.toString();
        List<String> found = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 1000) {
            channel.writeInbound(Unpooled.copiedBuffer(text.substring(i, Math.min(text.length(), i + 1000)),
                    StandardCharsets.US_ASCII));
            found.addAll(read());
        }
        assertThat(found).containsExactly(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?\r\n", "$x\r\n", "$-2\r\n", "*-5\r\n", "$3\r\nabcde\r\n", "+OK\rX"})
    void malformedReplyIsRejected(String bad) {
        ReplyScanner scanner = new ReplyScanner();
        ByteBuf in = Unpooled.copiedBuffer(bad, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> scanner.scan(in)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void nestingDeeperThanTheLimitIsRejected() {
        String deep = "*1\r\n".repeat(ReplyScanner.MAX_DEPTH + 1) + ":1\r\n";
        ReplyScanner scanner = new ReplyScanner();
        ByteBuf in = Unpooled.copiedBuffer(deep, StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> scanner.scan(in)).hasMessageContaining("nested deeper than");
    }

    @Test
    void deeplyNestedReplyArrivingInPiecesKeepsEveryLevelsCount() {
        // Each level holds two elements, so a level's count must survive the scanner's growing its counts mid-frame.
        String frame = "*2\r\n:1\r\n".repeat(40) + ":2\r\n";
        List<String> found = new ArrayList<>();
        for (byte b : (frame + "+NEXT\r\n").getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            found.addAll(read());
        }
        assertThat(found).containsExactly(frame, "+NEXT\r\n");
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        String deep = "*1\r\n".repeat(ReplyScanner.MAX_DEPTH) + ":1\r\n";
        assertThat(scanAll(deep)).containsExactly(deep);
    }

    private List<String> scanAll(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
        return read();
    }

    private List<String> read() {
        List<String> frames = new ArrayList<>();
        for (ByteBuf frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
            frames.add(frame.toString(StandardCharsets.US_ASCII));
            frame.release();
        }
        return frames;
    }
}
