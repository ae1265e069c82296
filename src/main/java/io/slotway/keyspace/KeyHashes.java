package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;

/** The key hash functions of sharded upstreams, over buffer ranges, without allocating. */
public final class KeyHashes {

    private KeyHashes() {
    }

    /**
     * twemproxy's {@code hash_fnv1a_64}: FNV-1a with the 64-bit constants truncated to 32 bits and bytes
     * sign-extended as C's {@code char} does, so Slotway places keys exactly where twemproxy would.
     */
    public static int fnv1a64(ByteBuf key, int offset, int length) {
        int hash = 0x84222325;
        for (int i = 0; i < length; i++) {
            hash ^= key.getByte(offset + i);
            hash *= 0x000001b3;
        }
        return hash;
    }

    /** MurmurHash3 x86 32-bit, seed 0. */
    public static int murmur3(ByteBuf key, int offset, int length) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = length & ~3;
        for (int i = 0; i < blocks; i += 4) {
            int k = key.getIntLE(offset + i);
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (length & 3) {
            case 3:
                k ^= (key.getByte(offset + blocks + 2) & 0xff) << 16;
                // fall through
            case 2:
                k ^= (key.getByte(offset + blocks + 1) & 0xff) << 8;
                // fall through
            case 1:
                k ^= key.getByte(offset + blocks) & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
