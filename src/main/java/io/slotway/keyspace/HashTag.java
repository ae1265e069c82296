package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;

/**
 * Hash tags as Redis Cluster (and twemproxy) define them: if a key holds an opening tag character followed later
 * by a closing one with at least one byte between, only those bytes are hashed, so {@code {user1}:a} and
 * {@code {user1}:b} land together.
 */
public final class HashTag {

    private HashTag() {
    }

    /**
     * The part of the key to hash, packed as {@code offset << 32 | length} (no allocation); the whole key when the
     * key has no non-empty tag.
     */
    public static long hashedPart(ByteBuf key, int offset, int length, byte open, byte close) {
        int end = offset + length;
        int start = key.indexOf(offset, end, open);
        if (start >= 0) {
            int stop = key.indexOf(start + 1, end, close);
            if (stop > start + 1) {
                return pack(start + 1, stop - start - 1);
            }
        }
        return pack(offset, length);
    }

    public static int offset(long packed) {
        return (int) (packed >>> 32);
    }

    public static int length(long packed) {
        return (int) packed;
    }

    private static long pack(int offset, int length) {
        return ((long) offset << 32) | (length & 0xffffffffL);
    }
}
