package io.slotway.protocol;

import io.slotway.testing.RespText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespValueTest {

    private static RespValue parse(String reply) {
        return RespValue.parse(reply.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyResp2Kind() {
        assertThat(parse("+OK\r\n").kind()).isEqualTo(RespValue.Kind.SIMPLE);
        assertThat(parse("+OK\r\n").text()).isEqualTo("OK");
        assertThat(parse("-ERR no\r\n").kind()).isEqualTo(RespValue.Kind.ERROR);
        assertThat(parse("-ERR no\r\n").text()).isEqualTo("ERR no");
        assertThat(parse(":-42\r\n").integer()).isEqualTo(-42);
        assertThat(parse("$5\r\nhe\r\no\r\n").text()).isEqualTo("he\r\no");
        assertThat(parse("$0\r\n\r\n").text()).isEmpty();
        assertThat(parse("$-1\r\n").kind()).isEqualTo(RespValue.Kind.NULL);
        assertThat(parse("*-1\r\n").kind()).isEqualTo(RespValue.Kind.NULL);
        assertThat(parse("*0\r\n").kind()).isEqualTo(RespValue.Kind.ARRAY);
        assertThat(parse("*0\r\n").items()).isEmpty();
    }

    @Test
    void nestedArraysRememberEachValuesBytes() {
        String reply = "*2\r\n$3\r\nget\r\n*2\r\n:1\r\n+x\r\n";
        RespValue value = parse(reply);
        RespValue inner = value.get(1);
        assertThat(inner.items()).extracting(RespValue::toString).containsExactly("1", "x");
        assertThat(reply.substring(inner.start(), inner.end())).isEqualTo("*2\r\n:1\r\n+x\r\n");
        assertThat(reply.substring(value.get(0).start(), value.get(0).end())).isEqualTo("$3\r\nget\r\n");
        assertThat(value.end()).isEqualTo(reply.length());
    }

    @Test
    void indexesAreTheBuffersOwnWhenItDoesNotStartAtZero() {
        ByteBuf buf = Unpooled.copiedBuffer("junk:7\r\n", StandardCharsets.US_ASCII);
        buf.readerIndex(4);
        RespValue value = RespValue.parse(buf);
        assertThat(value.integer()).isEqualTo(7);
        assertThat(value.start()).isEqualTo(4);
        assertThat(value.end()).isEqualTo(8);
    }

    @Test
    void flatMapsAnswerFields() {
        RespValue map = parse("*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*0\r\n");
        assertThat(map.field("type").text()).isEqualTo("index");
        assertThat(map.field("spec").items()).isEmpty();
        assertThat(map.field("nope")).isNull();
    }

    @Test
    void frameLengthIsMinusOneForEveryPrefixOfAReply() {
        byte[] reply = RespText.encode(List.of("get", 2, List.of("readonly", List.of()), List.of(), "x"));
        for (int length = 0; length < reply.length; length++) {
            assertThat(RespValue.frameLength(Unpooled.wrappedBuffer(reply, 0, length))).as("prefix %d", length)
                    .isEqualTo(-1);
        }
        assertThat(RespValue.frameLength(Unpooled.wrappedBuffer(reply))).isEqualTo(reply.length);
    }

    @Test
    void frameLengthStopsAtTheEndOfTheFirstReply() {
        byte[] two = "+a\r\n:1\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(RespValue.frameLength(Unpooled.wrappedBuffer(two))).isEqualTo(4);
    }

    @Test
    void partialOrTrailingInputFailsAWholeParse() {
        assertThatThrownBy(() -> parse("*2\r\n:1\r\n")).hasMessageContaining("ends early");
        assertThatThrownBy(() -> parse("+a\r\n+b\r\n")).hasMessageContaining("trailing bytes");
    }

    @Test
    void malformedInputFailsWithWhereItWent() {
        assertThatThrownBy(() -> parse("?x\r\n")).hasMessageContaining("unexpected RESP type byte 63 at 0");
        assertThatThrownBy(() -> parse(":12a\r\n")).hasMessageContaining("'12a' at 0 is not a number");
        assertThatThrownBy(() -> parse("+a\rb\n")).hasMessageContaining("CR without LF");
        assertThatThrownBy(() -> parse("$2\r\nabc\r\n")).hasMessageContaining("not followed by CRLF");
        assertThatThrownBy(() -> parse("$-2\r\n")).hasMessageContaining("bulk length -2");
        assertThatThrownBy(() -> parse("*-2\r\n")).hasMessageContaining("array length -2");
    }

    @Test
    void hugeArrayCountWithFewBytesIsNotTrusted() {
        // The count cannot size an allocation: three bytes per element must be there first.
        assertThat(RespValue.frameLength(Unpooled.copiedBuffer("*2000000000\r\n:1\r\n", StandardCharsets.US_ASCII)))
                .isEqualTo(-1);
    }

    @Test
    void nestingDeeperThanTheLimitFails() {
        String deep = "*1\r\n".repeat(RespValue.MAX_DEPTH + 2) + ":1\r\n";
        assertThatThrownBy(() -> parse(deep)).hasMessageContaining("nested");
        String allowed = "*1\r\n".repeat(RespValue.MAX_DEPTH) + ":1\r\n";
        assertThat(parse(allowed).kind()).isEqualTo(RespValue.Kind.ARRAY);
    }
}
