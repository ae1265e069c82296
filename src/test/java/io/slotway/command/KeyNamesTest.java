package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Key names in replies given back a removed prefix, byte for byte in the shapes Redis sends. */
class KeyNamesTest {

    private static final byte[] PREFIX = "t1:".getBytes(StandardCharsets.US_ASCII);
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static String restored(String reply, KeyNames.InReply shape) {
        ByteBuf in = Unpooled.copiedBuffer(reply, StandardCharsets.US_ASCII);
        ByteBuf out = KeyNames.restore(ALLOC, in, PREFIX, shape);
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    @Test
    void blpopReplyGetsThePrefixOnItsKey() {
        assertThat(restored("*2\r\n$1\r\nq\r\n$3\r\njob\r\n", KeyNames.InReply.FIRST))
                .isEqualTo("*2\r\n$4\r\nt1:q\r\n$3\r\njob\r\n");
    }

    @Test
    void lmpopReplyKeepsItsNestedElements() {
        assertThat(restored("*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n", KeyNames.InReply.FIRST))
                .isEqualTo("*2\r\n$4\r\nt1:l\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n");
    }

    @Test
    void nullAndErrorRepliesPassUnchanged() {
        assertThat(restored("*-1\r\n", KeyNames.InReply.FIRST)).isEqualTo("*-1\r\n");
        assertThat(restored("_\r\n", KeyNames.InReply.FIRST)).isEqualTo("_\r\n");
        assertThat(restored("-ERR no\r\n", KeyNames.InReply.STREAMS)).isEqualTo("-ERR no\r\n");
    }

    @Test
    void xreadReplyNamesEveryStreamWithThePrefix() {
        String entries = "*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n";
        assertThat(restored("*2\r\n*2\r\n$1\r\ns\r\n" + entries + "*2\r\n$2\r\ns2\r\n" + entries,
                KeyNames.InReply.STREAMS))
                .isEqualTo("*2\r\n*2\r\n$4\r\nt1:s\r\n" + entries + "*2\r\n$5\r\nt1:s2\r\n" + entries);
    }

    @Test
    void xreadResp3MapNamesEveryStreamWithThePrefix() {
        String entries = "*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n";
        assertThat(restored("%1\r\n$1\r\ns\r\n" + entries, KeyNames.InReply.STREAMS))
                .isEqualTo("%1\r\n$4\r\nt1:s\r\n" + entries);
    }

    @Test
    void replyInsideALargerBufferIsReadFromItsReaderIndex() {
        String reply = "*1\r\n*2\r\n$6\r\nstream\r\n*1\r\n*2\r\n$15\r\n1796052956941-0\r\n*2\r\n$1\r\nf\r\n"
                + "$1\r\nv\r\n";
        ByteBuf in = io.netty.buffer.PooledByteBufAllocator.DEFAULT.directBuffer();
        in.writeCharSequence("+OK\r\n" + reply + "+NEXT\r\n", StandardCharsets.US_ASCII);
        ByteBuf slice = in.retainedSlice(5, reply.length());
        in.release();
        ByteBuf out = KeyNames.restore(ALLOC, slice, PREFIX, KeyNames.InReply.STREAMS);
        try {
            assertThat(out.toString(StandardCharsets.US_ASCII))
                    .isEqualTo(reply.replace("$6\r\nstream", "$9\r\nt1:stream"));
        } finally {
            out.release();
        }
    }
}
