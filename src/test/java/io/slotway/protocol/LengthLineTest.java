package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LengthLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$3\\r\\nGET | 3",
            "*0\\r\\n | 0",
            "$123456789012345678\\r\\n | 123456789012345678",
            // Left to the full parse, which says what is wrong or waits for more bytes:
            "$1234567890123456789\\r\\n | -1",
            "$-1\\r\\n | -1",
            "$03\\r\\n | -1",
            "$\\r\\n | -1",
            "$3\\rx | -1",
            "$3 \\r\\n | -1",
            "$3\\r | -1",
            "$12 | -1"})
    void onlyTheCanonicalFormIsReadInOnePass(String text, long expected) {
        ByteBuf in = Unpooled.copiedBuffer(text.strip().replace("\\r", "\r").replace("\\n", "\n"),
                StandardCharsets.US_ASCII);
        LengthLine line = new LengthLine();
        long value = line.read(in, 1, in.writerIndex());
        assertThat(value).isEqualTo(expected);
        if (value >= 0) {
            assertThat(in.getByte(line.crIndex())).isEqualTo((byte) '\r');
            assertThat(line.crIndex()).isEqualTo(1 + Long.toString(value).length());
        }
        in.release();
    }
}
