package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwemproxyHashesTest {

    /** One of the functions under test, as a method reference. */
    private interface Hash {
        int hash(ByteBuf key, int offset, int length);
    }

    private static final List<Hash> ALL = List.of(TwemproxyHashes::oneAtATime, TwemproxyHashes::md5,
            TwemproxyCrc::crc16, TwemproxyCrc::crc32, TwemproxyCrc::crc32a, TwemproxyHashes::fnv164,
            KeyHashes::fnv1a64, TwemproxyHashes::fnv132, TwemproxyHashes::fnv1a32, TwemproxyHashes::hsieh,
            TwemproxyHashes::murmur, TwemproxyHashes::jenkins);

    // The keys of the pinned values below: lengths 0 to 25 reach every tail case of hsieh, murmur and jenkins
    // (and jenkins' 12-byte blocks), and the last three hold bytes of 0x80 and up, where a signed char widens
    // differently from an unsigned one.
    private static final List<byte[]> KEYS = List.of(ascii(""), ascii("a"), ascii("abc"), ascii("123456789"),
            ascii("hello world!"), ascii("FM|ivector_2129920"), ascii("The quick brown fox jumps"),
            bytes(0xe4, 0xb8, 0xad), bytes(0xff, 0x80), bytes(0x61, 0x62, 0x63, 0x64, 0xc3, 0xa9, 0xc3));

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static int hash(Hash function, String text) {
        ByteBuf key = Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
        try {
            return function.hash(key, 0, key.readableBytes());
        } finally {
            key.release();
        }
    }

    private static int hash(Hash function, byte[] bytes) {
        ByteBuf key = Unpooled.wrappedBuffer(bytes);
        try {
            return function.hash(key, 0, bytes.length);
        } finally {
            key.release();
        }
    }

    /** Asserts the function's value for each of KEYS, compared in hex so a failure reads like the C output. */
    private static void assertPinned(Hash function, int... expected) {
        assertThat(expected).hasSameSizeAs(KEYS);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Integer.toHexString(hash(function, KEYS.get(i)))).as("key %d", i)
                    .isEqualTo(Integer.toHexString(expected[i]));
        }
    }

    @Test
    void crc32aGivesTwemproxysOwnTestVectors() {
        // tests/test_hashkit.cpp of twemproxy.
        assertThat(hash(TwemproxyCrc::crc32a, "")).isEqualTo(0x0);
        assertThat(hash(TwemproxyCrc::crc32a, "123456")).isEqualTo(0x972d361);
        assertThat(hash(TwemproxyCrc::crc32a, "abcdef")).isEqualTo(0x4b8e39ef);
        assertThat(hash(TwemproxyCrc::crc32a, bytes(0xe4, 0xb8, 0xad))).isEqualTo(0xd5d15a8b);
    }

    @Test
    void crc32aIsTheStandardCrc32() {
        assertThat(hash(TwemproxyCrc::crc32a, "123456789")).isEqualTo(0xCBF43926);
    }

    @Test
    void crc32IsFifteenBitsOfTheStandardCrc32() {
        assertThat(hash(TwemproxyCrc::crc32, "123456789")).isEqualTo((0xCBF43926 >>> 16) & 0x7fff);
    }

    @Test
    void crc16IsXmodemInTheLowSixteenBitsAndKeepsWhatShiftsAbove() {
        int crc = hash(TwemproxyCrc::crc16, "123456789");
        assertThat(crc & 0xffff).isEqualTo(0x31C3);
        assertThat(crc).isEqualTo(0x869031c3);
        // The value reported against twemproxy's hash_crc16 in twitter/twemproxy pull request 367.
        assertThat(hash(TwemproxyCrc::crc16, "FM|ivector_2129920")).isEqualTo((int) 2859837793L);
    }

    @Test
    void fnvStartsFromTheOffsetBasis() {
        assertThat(hash(TwemproxyHashes::fnv1a32, "")).isEqualTo(0x811c9dc5);
        assertThat(hash(TwemproxyHashes::fnv132, "")).isEqualTo(0x811c9dc5);
        // The 64-bit basis cut to its low 32 bits.
        assertThat(hash(KeyHashes::fnv1a64, "")).isEqualTo(0x84222325);
        assertThat(hash(TwemproxyHashes::fnv164, "")).isEqualTo(0x84222325);
        assertThat(hash(TwemproxyHashes::fnv132, "a")).isEqualTo(0x050c5d7e);
        assertThat(hash(TwemproxyHashes::fnv1a32, "a")).isEqualTo(0xe40c292c);
    }

    @Test
    void md5IsTheDigestsFirstFourBytesLittleEndian() {
        // MD5("") = d41d8cd98f00b204e9800998ecf8427e.
        assertThat(hash(TwemproxyHashes::md5, "")).isEqualTo(0xd98c1dd4);
    }

    @Test
    void md5OfALongKeyWithoutABackingArrayMatchesTheHeapOne() {
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        try {
            assertThat(TwemproxyHashes.md5(direct, 0, bytes.length)).isEqualTo(hash(TwemproxyHashes::md5, bytes));
        } finally {
            direct.release();
        }
    }

    @Test
    void md5AfterAFailedCallStartsFromAnEmptyDigest() {
        ByteBuf direct = Unpooled.directBuffer(300).writeZero(300);
        try {
            // The first 256-byte chunk reaches the digest before the second fails.
            assertThatThrownBy(() -> TwemproxyHashes.md5(direct, 0, 600)).isInstanceOf(IndexOutOfBoundsException.class);
        } finally {
            direct.release();
        }
        assertThat(hash(TwemproxyHashes::md5, "")).isEqualTo(0xd98c1dd4);
    }

    @Test
    void oneAtATimeOfAIsTheHandTracedValue() {
        // 'a' = 0x61. Loop: value = 0x61; value += value << 10 -> 0x18461; value ^= value >> 6 (0x611) -> 0x18270.
        // Final: value += value << 3 (0xc1380) -> 0xd95f0; value ^= value >> 11 (0x1b2) -> 0xd9442;
        // value += value << 15 (0xca210000 in 32 bits) -> 0xca2e9442.
        assertThat(hash(TwemproxyHashes::oneAtATime, "a")).isEqualTo(0xca2e9442);
    }

    @Test
    void theEmptyKeyHashesToWhatTheCReturnsBeforeAnyByte() {
        assertThat(hash(TwemproxyHashes::oneAtATime, "")).isZero();
        assertThat(hash(TwemproxyCrc::crc16, "")).isZero();
        assertThat(hash(TwemproxyHashes::hsieh, "")).isZero();
        assertThat(hash(TwemproxyHashes::murmur, "")).isZero();
        // 0xdeadbeef + length 0 + JENKINS_INITVAL 13, returned unmixed.
        assertThat(hash(TwemproxyHashes::jenkins, "")).isEqualTo(0xdeadbefc);
    }

    @Test
    void everyFunctionReadsOnlyItsRange() {
        for (Hash function : ALL) {
            for (byte[] key : KEYS) {
                // 0xff around the key, in a buffer without a backing array, at an odd offset.
                ByteBuf padded = Unpooled.directBuffer(key.length + 10).writeBytes(bytes(0xff, 0xff, 0xff))
                        .writeBytes(key).writeBytes(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff));
                try {
                    assertThat(function.hash(padded, 3, key.length)).isEqualTo(hash(function, key));
                } finally {
                    padded.release();
                }
            }
        }
    }

    // The values below come from twemproxy's own src/hashkit C functions compiled with gcc on x86-64 Linux
    // (jenkins at all four alignments of the key, which agreed), and Python's hashlib for md5.

    @Test
    void oneAtATimeMatchesTwemproxy() {
        assertPinned(TwemproxyHashes::oneAtATime,
                0x00000000, 0xca2e9442, 0xed131f5b, 0xc66b58c5, 0x9bd919d3,
                0xdfb0615c, 0x0b165c49, 0xa92bc4ad, 0xd8d131c7, 0xa289b145);
    }

    @Test
    void md5MatchesTwemproxy() {
        assertPinned(TwemproxyHashes::md5,
                0xd98c1dd4, 0xb975c10c, 0x98500190, 0x94e7f925, 0x8ef93ffc,
                0xfaaea7ce, 0xca97de83, 0xbcdfd1ae, 0x04eb728a, 0xda5e2ea9);
    }

    @Test
    void crc16MatchesTwemproxy() {
        assertPinned(TwemproxyCrc::crc16,
                0x00000000, 0x00007c87, 0x7c749dd6, 0x869031c3, 0x063b577b,
                0xaa75a961, 0xd593b22e, 0xbdfa8f12, 0x001e9277, 0xeba58a60);
    }

    @Test
    void crc32MatchesTwemproxy() {
        assertPinned(TwemproxyCrc::crc32,
                0x00000000, 0x000068b7, 0x00003524, 0x00004bf4, 0x000003b4,
                0x000074e8, 0x0000578c, 0x000055d1, 0x00003f45, 0x00007106);
    }

    @Test
    void crc32aMatchesTwemproxy() {
        assertPinned(TwemproxyCrc::crc32a,
                0x00000000, 0xe8b7be43, 0x352441c2, 0xcbf43926, 0x03b4c26d,
                0xf4e82a9c, 0xd78ce11e, 0xd5d15a8b, 0x3f456cad, 0x7106e704);
    }

    @Test
    void fnv164MatchesTwemproxy() {
        assertPinned(TwemproxyHashes::fnv164,
                0x84222325, 0x8601b7be, 0x6bafadcb, 0x2bf916d6, 0xb97b86bc,
                0x54b18828, 0xd45ad3e3, 0x943b7fb6, 0xb4eb71e0, 0x94847d34);
    }

    @Test
    void fnv1a64MatchesTwemproxy() {
        assertPinned(KeyHashes::fnv1a64,
                0x84222325, 0x8601ec8c, 0x0541574b, 0x23c6cdfc, 0xcd5a2672,
                0x67b4b052, 0xd2836c47, 0x13ae71d4, 0xb4eeef6a, 0x19d5813e);
    }

    @Test
    void fnv132MatchesTwemproxy() {
        assertPinned(TwemproxyHashes::fnv132,
                0x811c9dc5, 0x050c5d7e, 0x439c2f4b, 0x24148816, 0x8a01b99c,
                0x307fa568, 0x04a49503, 0xd78fe576, 0x12769920, 0x413ec314);
    }

    @Test
    void fnv1a32MatchesTwemproxy() {
        assertPinned(TwemproxyHashes::fnv1a32,
                0x811c9dc5, 0xe40c292c, 0x1a47e90b, 0xbb86b11c, 0xb034fff2,
                0xc49434b2, 0x73f4f727, 0xea46dcf4, 0x53793e4a, 0xa31f687e);
    }

    @Test
    void hsiehMatchesTwemproxy() {
        assertPinned(TwemproxyHashes::hsieh,
                0x00000000, 0x93642e87, 0xe5186b3a, 0xe4fc1670, 0x13724f63,
                0xc1a87e32, 0xc6d1a520, 0x4ed55646, 0xbda11bf0, 0x2481e594);
    }

    @Test
    void murmurMatchesTwemproxy() {
        assertPinned(TwemproxyHashes::murmur,
                0x00000000, 0x4b41757c, 0x7b0cc428, 0xb7760690, 0x7f8cfcad,
                0x8d85c155, 0xed2680ca, 0xadf9bd86, 0x68dd8edc, 0x74730f3d);
    }

    @Test
    void jenkinsMatchesTwemproxy() {
        assertPinned(TwemproxyHashes::jenkins,
                0xdeadbefc, 0xe0a38690, 0x8f415600, 0x19777af6, 0x1bc66602,
                0x0e1fb09c, 0x577d3995, 0xfd2d13a8, 0xab66d0ff, 0x950ce9dd);
    }
}
