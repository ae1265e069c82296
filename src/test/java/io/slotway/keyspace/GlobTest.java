package io.slotway.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis's glob rules, as {@code stringmatchlen} applies them to KEYS and SCAN MATCH. */
class GlobTest {

    private static boolean matches(String pattern, String key) {
        return Glob.matches(pattern.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void starAndQuestionMark() {
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("*", "anything")).isTrue();
        assertThat(matches("h?llo", "hello")).isTrue();
        assertThat(matches("h?llo", "hllo")).isFalse();
        assertThat(matches("h*llo", "hllo")).isTrue();
        assertThat(matches("h*llo", "heeeello")).isTrue();
        assertThat(matches("*:59", "user:vip:59")).isTrue();
        assertThat(matches("a*b*c", "axxbyyc")).isTrue();
        assertThat(matches("a*b*c", "axxbyy")).isFalse();
        assertThat(matches("ab", "abc")).isFalse();
        assertThat(matches("abc", "ab")).isFalse();
        assertThat(matches("ab**", "ab")).isTrue();
    }

    @Test
    void bracketsRangesNegationAndEscapes() {
        assertThat(matches("h[ae]llo", "hello")).isTrue();
        assertThat(matches("h[ae]llo", "hillo")).isFalse();
        assertThat(matches("h[^e]llo", "hallo")).isTrue();
        assertThat(matches("h[^e]llo", "hello")).isFalse();
        assertThat(matches("h[a-b]llo", "hbllo")).isTrue();
        assertThat(matches("h[b-a]llo", "hallo")).isTrue();
        assertThat(matches("h\\*llo", "h*llo")).isTrue();
        assertThat(matches("h\\*llo", "hello")).isFalse();
        assertThat(matches("[\\]]", "]")).isTrue();
        assertThat(matches("[abc", "a")).isTrue();
    }

    @Test
    void literalStartIsRecognisedOnlyWithoutSpecialCharacters() {
        byte[] prefix = "t1:".getBytes(StandardCharsets.US_ASCII);
        assertThat(Glob.startsWithLiteral("t1:*".getBytes(StandardCharsets.US_ASCII), prefix)).isTrue();
        assertThat(Glob.startsWithLiteral("t?:*".getBytes(StandardCharsets.US_ASCII), prefix)).isFalse();
        assertThat(Glob.startsWithLiteral("t1".getBytes(StandardCharsets.US_ASCII), prefix)).isFalse();
        assertThat(Glob.startsWithLiteral("*".getBytes(StandardCharsets.US_ASCII), prefix)).isFalse();
    }

    @Test
    void rangesCompareSignedBytesAsRedisDoesOnX86() {
        // [a-\xff]: Redis reads the bounds as signed chars, -1..97 once swapped, so 'b' is outside it.
        byte[] pattern = {'[', 'a', '-', (byte) 0xff, ']'};
        assertThat(Glob.matches(pattern, new byte[] {'b'})).isFalse();
        assertThat(Glob.matches(pattern, new byte[] {'a'})).isTrue();
        assertThat(Glob.matches(pattern, new byte[] {(byte) 0xff})).isTrue();
        assertThat(Glob.matches(pattern, new byte[] {(byte) 0x80})).isFalse();
    }
}
