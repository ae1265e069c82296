package io.slotway.command;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.slotway.testing.TestArgs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Where each blocking command keeps its timeout, read and rewritten as Redis reads it. */
class BlockTimeoutTest {

    private final CommandTable table = CommandTable.standard();

    private long millis(String... command) {
        TestArgs args = TestArgs.of(command);
        return BlockTimeout.millis(table.lookup(args), args);
    }

    private String rewritten(long millis, String... command) {
        TestArgs args = TestArgs.of(command);
        ByteBuf frame = BlockTimeout.withTimeout(UnpooledByteBufAllocator.DEFAULT, table.lookup(args), args, millis);
        try {
            return frame.toString(StandardCharsets.US_ASCII).replace("\r\n", " ").trim();
        } finally {
            frame.release();
        }
    }

    @Test
    void listAndSortedSetPopsTakeSecondsLastOrFirst() {
        assertThat(millis("BLPOP", "a", "b", "1.5")).isEqualTo(1_500);
        assertThat(millis("BRPOPLPUSH", "a", "b", "0")).isZero();
        assertThat(millis("BLMOVE", "a", "b", "LEFT", "RIGHT", "2")).isEqualTo(2_000);
        assertThat(millis("BZPOPMIN", "z", "0.001")).isEqualTo(1);
        assertThat(millis("BLMPOP", "3", "1", "l", "LEFT")).isEqualTo(3_000);
        assertThat(millis("BZMPOP", "0.25", "1", "z", "MIN")).isEqualTo(250);
    }

    @Test
    void xreadBlocksOnlyWithBlockBeforeStreams() {
        assertThat(millis("XREAD", "COUNT", "1", "BLOCK", "200", "STREAMS", "s", "$")).isEqualTo(200);
        assertThat(millis("XREAD", "STREAMS", "BLOCK", "0")).isEqualTo(BlockTimeout.NOT_BLOCKING);
        assertThat(millis("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">")).isZero();
    }

    @Test
    void timeoutsRedisRejectsAreInvalid() {
        assertThat(millis("BLPOP", "a", "soon")).isEqualTo(BlockTimeout.INVALID);
        assertThat(millis("BLPOP", "a", "-1")).isEqualTo(BlockTimeout.INVALID);
        assertThat(millis("XREAD", "BLOCK", "x", "STREAMS", "s", "$")).isEqualTo(BlockTimeout.INVALID);
    }

    @Test
    void aResentCommandCarriesTheTimeItHasLeft() {
        assertThat(rewritten(1_250, "BLPOP", "a", "b", "5")).isEqualTo("*4 $5 BLPOP $1 a $1 b $5 1.250");
        assertThat(rewritten(700, "BZMPOP", "5", "1", "z", "MIN")).isEqualTo("*5 $6 BZMPOP $5 0.700 $1 1 $1 z $3 MIN");
        assertThat(rewritten(300, "XREAD", "BLOCK", "5000", "STREAMS", "s", "$"))
                .isEqualTo("*6 $5 XREAD $5 BLOCK $3 300 $7 STREAMS $1 s $1 $");
    }
}
