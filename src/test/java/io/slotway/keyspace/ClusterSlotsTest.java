package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis Cluster's key slots, as {@code CLUSTER KEYSLOT} reports them. */
class ClusterSlotsTest {

    private static int slot(String key) {
        ByteBuf buf = Unpooled.copiedBuffer(key, StandardCharsets.UTF_8);
        try {
            return ClusterSlots.slot(buf, 0, buf.readableBytes());
        } finally {
            buf.release();
        }
    }

    /** CRC16 (XMODEM) bit by bit, one byte at a time: the definition Redis's table in crc16.c is built from. */
    private static int crc16ByteByByte(byte[] key) {
        int crc = 0;
        for (byte b : key) {
            crc ^= (b & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }

    @Test
    void slotsMatchWhatRedisReports() {
        // Each value was read from a redis-server 7.0 with cluster-enabled yes, by CLUSTER KEYSLOT.
        assertThat(slot("somekey")).isEqualTo(11058);
        assertThat(slot("foo{hash_tag}")).isEqualTo(2515);
        assertThat(slot("123456789")).isEqualTo(12739);
        assertThat(slot("")).isZero();
        assertThat(slot("a-key-of-exactly-23-byt")).isEqualTo(13715);
        assertThat(slot("x{}y")).isEqualTo(16116);
        assertThat(slot("{}{a}")).isEqualTo(13650);
    }

    @Test
    void crc16OfEveryLengthAndOffsetMatchesTheByteByByteSum() {
        Random random = new Random(16);
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(128);
        try {
            byte[] bytes = new byte[100];
            random.nextBytes(bytes);
            buffer.writeBytes(bytes);
            for (int offset = 0; offset < 9; offset++) {
                for (int length = 0; length <= 40; length++) {
                    byte[] key = Arrays.copyOfRange(bytes, offset, offset + length);
                    ByteBuf slice = buffer.slice(3, 90);
                    assertThat(ClusterSlots.crc16(buffer, offset, length)).as("offset %d length %d", offset, length)
                            .isEqualTo(crc16ByteByByte(key));
                    assertThat(ClusterSlots.crc16(slice, offset, length)).as("sliced, offset %d", offset)
                            .isEqualTo(crc16ByteByByte(Arrays.copyOfRange(bytes, offset + 3,
                                    offset + 3 + length)));
                }
            }
        } finally {
            buffer.release();
        }
    }
}
