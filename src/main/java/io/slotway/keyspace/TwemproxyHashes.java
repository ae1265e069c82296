package io.slotway.keyspace;

import io.netty.buffer.ByteBuf;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * twemproxy's {@code hash_*} key hash functions (src/hashkit) ported bit for bit, as x86-64 Linux runs them, so a
 * pool imported from twemproxy places every key on the server nutcracker does.
 */
public final class TwemproxyHashes {

    // The C functions take a `const char *` key and char is signed on x86-64: where they widen a char to uint32_t or
    // uint64_t the byte sign-extends (as Java's getByte already does), and only where they read uint8_t or unsigned
    // char is it masked with 0xff. Reads of whole 32-bit words are little-endian, as x86-64 does them.


    // JENKINS_INITVAL of nc_jenkins.c: twemproxy's fixed lookup3 initval.
    private static final int JENKINS_INITVAL = 13;

    // One digest and its buffers per thread, so MD5 allocates nothing per key.
    private static final ThreadLocal<Md5State> MD5 = ThreadLocal.withInitial(Md5State::new);

    private TwemproxyHashes() {
    }

    /** hash_one_at_a_time (nc_one_at_a_time.c). */
    public static int oneAtATime(ByteBuf key, int offset, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            value += key.getByte(offset + i);
            value += value << 10;
            value ^= value >>> 6;
        }
        value += value << 3;
        value ^= value >>> 11;
        value += value << 15;
        return value;
    }

    /** hash_md5 (nc_md5.c): the first four bytes of the MD5 digest, read little-endian. */
    public static int md5(ByteBuf key, int offset, int length) {
        Md5State state = MD5.get();
        MessageDigest digest = state.digest;
        // A call that failed half way (a bad range) must not leak its bytes into the next key's digest.
        digest.reset();
        if (key.hasArray()) {
            // The backing array may run past the buffer: hold the range to the buffer, as getBytes does below.
            Objects.checkFromIndexSize(offset, length, key.capacity());
            digest.update(key.array(), key.arrayOffset() + offset, length);
        } else {
            byte[] chunk = state.chunk;
            for (int done = 0; done < length; ) {
                int n = Math.min(chunk.length, length - done);
                key.getBytes(offset + done, chunk, 0, n);
                digest.update(chunk, 0, n);
                done += n;
            }
        }
        byte[] result = state.result;
        try {
            digest.digest(result, 0, result.length);
        } catch (DigestException e) {
            // Only thrown for a buffer shorter than the 16-byte digest, which result is not.
            throw new IllegalStateException(e);
        }
        return (result[0] & 0xff) | ((result[1] & 0xff) << 8) | ((result[2] & 0xff) << 16)
                | ((result[3] & 0xff) << 24);
    }


    /** hash_fnv1_64 (nc_fnv.c): 64-bit FNV-1 cut to its low 32 bits. */
    public static int fnv164(ByteBuf key, int offset, int length) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++) {
            hash *= 0x100000001b3L;
            hash ^= key.getByte(offset + i);
        }
        return (int) hash;
    }

    /** hash_fnv1_32 (nc_fnv.c). */
    public static int fnv132(ByteBuf key, int offset, int length) {
        int hash = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            hash *= 0x01000193;
            hash ^= key.getByte(offset + i);
        }
        return hash;
    }

    /** hash_fnv1a_32 (nc_fnv.c). */
    public static int fnv1a32(ByteBuf key, int offset, int length) {
        int hash = 0x811c9dc5;
        for (int i = 0; i < length; i++) {
            hash ^= key.getByte(offset + i);
            hash *= 0x01000193;
        }
        return hash;
    }

    /** hash_hsieh (nc_hsieh.c). */
    public static int hsieh(ByteBuf key, int offset, int length) {
        if (length <= 0) {
            return 0;
        }
        int hash = 0;
        int p = offset;
        for (int blocks = length >>> 2; blocks > 0; blocks--) {
            // get16bits reads two uint8_t little-endian on x86-64 (the raw uint16_t read is for __i386__ only).
            hash += key.getUnsignedShortLE(p);
            int tmp = (key.getUnsignedShortLE(p + 2) << 11) ^ hash;
            hash = (hash << 16) ^ tmp;
            p += 4;
            hash += hash >>> 11;
        }
        switch (length & 3) {
            case 3:
                hash += key.getUnsignedShortLE(p);
                hash ^= hash << 16;
                // (uint32_t)key[2] widens a signed char: this one byte sign-extends.
                hash ^= key.getByte(p + 2) << 18;
                hash += hash >>> 11;
                break;
            case 2:
                hash += key.getUnsignedShortLE(p);
                hash ^= hash << 11;
                hash += hash >>> 17;
                break;
            case 1:
                hash += key.getByte(p) & 0xff;
                hash ^= hash << 10;
                hash += hash >>> 1;
                break;
            default:
                break;
        }
        hash ^= hash << 3;
        hash += hash >>> 5;
        hash ^= hash << 4;
        hash += hash >>> 17;
        hash ^= hash << 25;
        hash += hash >>> 6;
        return hash;
    }

    /** hash_murmur (nc_murmur.c): MurmurHash2 seeded with 0xdeadbeef times the length. */
    @SuppressWarnings("fallthrough")
    public static int murmur(ByteBuf key, int offset, int length) {
        final int m = 0x5bd1e995;
        int h = (0xdeadbeef * length) ^ length;
        int p = offset;
        int remaining = length;
        while (remaining >= 4) {
            int k = key.getIntLE(p);
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h *= m;
            h ^= k;
            p += 4;
            remaining -= 4;
        }
        // The C switch falls through on purpose, as here.
        switch (remaining) {
            case 3:
                h ^= (key.getByte(p + 2) & 0xff) << 16;
            case 2:
                h ^= (key.getByte(p + 1) & 0xff) << 8;
            case 1:
                h ^= key.getByte(p) & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }

    /** hash_jenkins (nc_jenkins.c): Bob Jenkins' lookup3 hashlittle with initval 13. */
    @SuppressWarnings("fallthrough")
    public static int jenkins(ByteBuf key, int offset, int length) {
        // The C code picks an aligned 32-bit, aligned 16-bit or byte-at-a-time path by the key's address; on
        // little-endian x86-64 all three give the same value, so this follows the byte path wherever the key lies.
        int a = 0xdeadbeef + length + JENKINS_INITVAL;
        int b = a;
        int c = a;
        int p = offset;
        int remaining = length;
        while (remaining > 12) {
            // Four unsigned bytes added at shifts 0, 8, 16 and 24 make one little-endian word.
            a += key.getIntLE(p);
            b += key.getIntLE(p + 4);
            c += key.getIntLE(p + 8);
            // mix(a,b,c)
            a -= c;
            a ^= Integer.rotateLeft(c, 4);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 6);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 8);
            b += a;
            a -= c;
            a ^= Integer.rotateLeft(c, 16);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 19);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 4);
            b += a;
            remaining -= 12;
            p += 12;
        }
        // As in C, every case falls through to the next.
        switch (remaining) {
            case 12:
                c += (key.getByte(p + 11) & 0xff) << 24;
            case 11:
                c += (key.getByte(p + 10) & 0xff) << 16;
            case 10:
                c += (key.getByte(p + 9) & 0xff) << 8;
            case 9:
                c += key.getByte(p + 8) & 0xff;
            case 8:
                b += (key.getByte(p + 7) & 0xff) << 24;
            case 7:
                b += (key.getByte(p + 6) & 0xff) << 16;
            case 6:
                b += (key.getByte(p + 5) & 0xff) << 8;
            case 5:
                b += key.getByte(p + 4) & 0xff;
            case 4:
                a += (key.getByte(p + 3) & 0xff) << 24;
            case 3:
                a += (key.getByte(p + 2) & 0xff) << 16;
            case 2:
                a += (key.getByte(p + 1) & 0xff) << 8;
            case 1:
                a += key.getByte(p) & 0xff;
                break;
            default:
                // Only the empty key gets here (the loop leaves 1 to 12 bytes), and C returns it unmixed.
                return c;
        }
        // final(a,b,c)
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return c;
    }

    /** A thread's MD5 digest with a chunk buffer for keys without a backing array and room for the digest. */
    private static final class Md5State {

        final MessageDigest digest;
        final byte[] chunk = new byte[256];
        final byte[] result = new byte[16];

        Md5State() {
            try {
                digest = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform is required to provide MD5.
                throw new IllegalStateException(e);
            }
        }
    }
}
