package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new RequestDecoder(new Limits(1024, 16, 64)));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void wholeMultibulkBecomesOneRequestWithItsArguments() {
        String frame = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";
        write(frame);
        assertThat(decodedArgs()).containsExactly(List.of("SET", "key", "value"));
    }

    @Test
    void requestFrameIsTheExactBytesTheClientSent() {
        String frame = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
        write(frame);
        Request request = channel.readInbound();
        try {
            assertThat(request.frame().toString(StandardCharsets.US_ASCII)).isEqualTo(frame);
        } finally {
            request.release();
        }
    }

    @Test
    void commandsOfOneReadShareTheTimeTheReadArrivedAndALaterReadIsLater() throws InterruptedException {
        long before = System.nanoTime();
        write("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n*2\r\n$3\r\nGET\r\n");
        Request first = channel.readInbound();
        Request second = channel.readInbound();
        // Long enough for any clock to move on.
        Thread.sleep(2);
        write("$1\r\nb\r\n");
        Request third = channel.readInbound();
        try {
            assertThat(first.arrivedNanos() - before).as("stamped when the read came").isNotNegative();
            assertThat(second.arrivedNanos()).isEqualTo(first.arrivedNanos());
            assertThat(third.arrivedNanos() - first.arrivedNanos())
                    .as("completed by the second read: stamped with its time").isPositive();
        } finally {
            first.release();
            second.release();
            third.release();
        }
    }

    @Test
    void frameFedOneByteAtATimeDecodesOnce() {
        String frame = "*2\r\n$4\r\nECHO\r\n$11\r\nhello world\r\n";
        for (byte b : frame.getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(decodedArgs()).containsExactly(List.of("ECHO", "hello world"));
    }

    @Test
    void twoFramesInOneBufferBecomeTwoRequests() {
        write("*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$1\r\na\r\n");
        assertThat(decodedArgs()).containsExactly(List.of("PING"), List.of("GET", "a"));
    }

    @Test
    void splitInsideCrlfWaitsForTheRest() {
        write("*1\r\n$4\r\nPING\r");
        assertThat(decodedArgs()).isEmpty();
        write("\n");
        assertThat(decodedArgs()).containsExactly(List.of("PING"));
    }

    @Test
    void binaryArgumentsKeepEveryByte() {
        ByteBuf in = Unpooled.buffer();
        in.writeBytes("*2\r\n$4\r\nECHO\r\n$4\r\n".getBytes(StandardCharsets.US_ASCII));
        in.writeBytes(new byte[] {0, '\r', '\n', (byte) 0xff});
        in.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        channel.writeInbound(in);
        Request request = channel.readInbound();
        try {
            assertThat(request.copy(1)).containsExactly(0, '\r', '\n', 0xff);
        } finally {
            request.release();
        }
    }

    @Test
    void emptyArrayIsIgnoredLikeRedisDoes() {
        write("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(decodedArgs()).containsExactly(List.of("PING"));
    }

    @Test
    void inlineCommandIsSplitOnBlanks() {
        write("SET  key value\r\n");
        assertThat(decodedArgs()).containsExactly(List.of("SET", "key", "value"));
    }

    @Test
    void inlineCommandIsReframedAsMultibulk() {
        write("PING\n");
        Request request = channel.readInbound();
        try {
            assertThat(request.frame().toString(StandardCharsets.US_ASCII)).isEqualTo("*1\r\n$4\r\nPING\r\n");
        } finally {
            request.release();
        }
    }

    @Test
    void inlineQuotesAndEscapesFollowRedis() {
        write("SET \"a b\" 'it\\'s' \"\\x41\\n\"\r\n");
        assertThat(decodedArgs()).containsExactly(List.of("SET", "a b", "it's", "A\n"));
    }

    @Test
    void blankInlineLineIsIgnored() {
        write("\r\n   \r\nPING\r\n");
        assertThat(decodedArgs()).containsExactly(List.of("PING"));
    }

    @Test
    void inlineSplitOneByteAtATime() {
        for (byte b : "ECHO hi\r\n".getBytes(StandardCharsets.US_ASCII)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(decodedArgs()).containsExactly(List.of("ECHO", "hi"));
    }

    @Test
    void unbalancedQuotesAreAProtocolError() {
        write("SET \"a b\r\n");
        assertThat(error()).isEqualTo("unbalanced quotes in request");
    }

    @Test
    void closingQuoteFollowedByTextIsAProtocolError() {
        write("SET \"a\"b\r\n");
        assertThat(error()).isEqualTo("unbalanced quotes in request");
    }

    @Test
    void nonNumericMultibulkLengthIsAProtocolError() {
        write("*x\r\n");
        assertThat(error()).isEqualTo("invalid multibulk length");
    }

    @Test
    void tooManyArgumentsStateTheBound() {
        write("*17\r\n");
        assertThat(error()).isEqualTo("invalid multibulk length 17 (expected: <= 16)");
    }

    @Test
    void bulkLongerThanTheLimitStatesTheBound() {
        write("*1\r\n$1025\r\n");
        assertThat(error()).isEqualTo("invalid bulk length 1025 (expected: <= 1024)");
    }

    @Test
    void negativeBulkLengthIsAProtocolError() {
        write("*1\r\n$-1\r\n");
        assertThat(error()).isEqualTo("invalid bulk length");
    }

    @Test
    void nonBulkArgumentIsAProtocolError() {
        write("*1\r\n+OK\r\n");
        assertThat(error()).isEqualTo("expected '$', got '+'");
    }

    @Test
    void bulkWithoutTrailingCrlfIsAProtocolError() {
        write("*1\r\n$4\r\nPINGxx");
        assertThat(error()).isEqualTo("expected CRLF after bulk of 4 bytes");
    }

    @Test
    void crWithoutLfInHeaderIsAProtocolError() {
        write("*1\rx");
        assertThat(error()).isEqualTo("expected LF after CR");
    }

    @Test
    void inlineLongerThanTheLimitIsAProtocolError() {
        write("x".repeat(65));
        assertThat(error()).isEqualTo("too big inline request");
    }

    @Test
    void countLineThatNeverEndsIsAProtocolError() {
        EmbeddedChannel big = new EmbeddedChannel(new RequestDecoder(Limits.defaults()));
        big.writeInbound(Unpooled.wrappedBuffer(("*" + "1".repeat(70_000)).getBytes(StandardCharsets.US_ASCII)));
        ProtocolError error = big.readInbound();
        assertThat(error.message()).isEqualTo("too big mbulk count string");
        big.finishAndReleaseAll();
    }

    @Test
    void inputAfterAProtocolErrorIsIgnored() {
        write("*1\r\n+OK\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(error()).startsWith("expected '$'");
        write("*1\r\n$4\r\nPING\r\n");
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void requestsBeforeAProtocolErrorAreStillDelivered() {
        write("*1\r\n$4\r\nPING\r\n*1\r\n:1\r\n");
        Request ping = channel.readInbound();
        ping.release();
        assertThat(error()).isEqualTo("expected '$', got ':'");
    }

    @Test
    void channelClosedMidFrameLeaksNothing() {
        write("*2\r\n$3\r\nGET\r\n$10\r\nabc");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private void write(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1));
    }

    private String error() {
        Object decoded = channel.readInbound();
        assertThat(decoded).isInstanceOf(ProtocolError.class);
        return ((ProtocolError) decoded).message();
    }

    private List<List<String>> decodedArgs() {
        List<List<String>> all = new ArrayList<>();
        for (Object decoded = channel.readInbound(); decoded != null; decoded = channel.readInbound()) {
            Request request = (Request) decoded;
            List<String> args = new ArrayList<>();
            for (int i = 0; i < request.count(); i++) {
                args.add(request.argString(i));
            }
            request.release();
            all.add(args);
        }
        return all;
    }
}
