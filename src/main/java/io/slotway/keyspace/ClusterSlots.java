package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;

/** Redis Cluster's key slot: CRC16 (XMODEM) of the key, or of its non-empty {hash tag}, modulo 16384. */
public final class ClusterSlots {

    public static final int SLOT_COUNT = 16384;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xffff;
        }
    }

    private ClusterSlots() {
    }

    public static int slot(ByteBuf key, int offset, int length) {
        long part = HashTag.hashedPart(key, offset, length, (byte) '{', (byte) '}');
        return crc16(key, HashTag.offset(part), HashTag.length(part)) & (SLOT_COUNT - 1);
    }

    static int crc16(ByteBuf key, int offset, int length) {
        int crc = 0;
        int i = 0;
        // Eight bytes per read: one bounds and liveness check per word instead of one per byte.
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long word = key.getLong(offset + i);
            for (int shift = Long.SIZE - Byte.SIZE; shift >= 0; shift -= Byte.SIZE) {
                crc = step(crc, (int) (word >>> shift));
            }
        }
        for (; i < length; i++) {
            crc = step(crc, key.getByte(offset + i));
        }
        return crc;
    }

    private static int step(int crc, int nextByte) {
        return ((crc << 8) ^ TABLE[((crc >>> 8) ^ nextByte) & 0xff]) & 0xffff;
    }
}
