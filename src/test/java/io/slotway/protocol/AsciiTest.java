package io.slotway.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AsciiTest {

    private static final long FALLBACK = 4242;

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0|0",
            "7|7",
            "-12|-12",
            "123456789012345678|123456789012345678",
            "9223372036854775807|9223372036854775807",
            "-9223372036854775807|-9223372036854775807",
    })
    void parseLongReadsCanonicalDecimals(String text, long expected) {
        assertThat(parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @CsvSource(delimiter = '|', value = {
            "9223372036854775808",
            "9999999999999999999",
            "-9223372036854775808",
            "10000000000000000000",
            "18446744073709551617",
            "007",
            "-0",
            "+5",
            "12a",
            "-",
            "' 1'",
    })
    void parseLongRefusesOverflowAndNonCanonicalText(String text) {
        assertThat(parse(text)).isEqualTo(FALLBACK);
    }

    private static long parse(String text) {
        ByteBuf buf = Unpooled.wrappedBuffer(("x" + text + "y").getBytes(StandardCharsets.US_ASCII));
        return Ascii.parseLong(buf, 1, text.length(), FALLBACK);
    }
}
