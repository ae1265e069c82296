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

    // crc16tab of nc_crc16.c: CRC-16/XMODEM, polynomial 0x1021.
    private static final int[] CRC16_TABLE = {
        0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7,
        0x8108, 0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef,
        0x1231, 0x0210, 0x3273, 0x2252, 0x52b5, 0x4294, 0x72f7, 0x62d6,
        0x9339, 0x8318, 0xb37b, 0xa35a, 0xd3bd, 0xc39c, 0xf3ff, 0xe3de,
        0x2462, 0x3443, 0x0420, 0x1401, 0x64e6, 0x74c7, 0x44a4, 0x5485,
        0xa56a, 0xb54b, 0x8528, 0x9509, 0xe5ee, 0xf5cf, 0xc5ac, 0xd58d,
        0x3653, 0x2672, 0x1611, 0x0630, 0x76d7, 0x66f6, 0x5695, 0x46b4,
        0xb75b, 0xa77a, 0x9719, 0x8738, 0xf7df, 0xe7fe, 0xd79d, 0xc7bc,
        0x48c4, 0x58e5, 0x6886, 0x78a7, 0x0840, 0x1861, 0x2802, 0x3823,
        0xc9cc, 0xd9ed, 0xe98e, 0xf9af, 0x8948, 0x9969, 0xa90a, 0xb92b,
        0x5af5, 0x4ad4, 0x7ab7, 0x6a96, 0x1a71, 0x0a50, 0x3a33, 0x2a12,
        0xdbfd, 0xcbdc, 0xfbbf, 0xeb9e, 0x9b79, 0x8b58, 0xbb3b, 0xab1a,
        0x6ca6, 0x7c87, 0x4ce4, 0x5cc5, 0x2c22, 0x3c03, 0x0c60, 0x1c41,
        0xedae, 0xfd8f, 0xcdec, 0xddcd, 0xad2a, 0xbd0b, 0x8d68, 0x9d49,
        0x7e97, 0x6eb6, 0x5ed5, 0x4ef4, 0x3e13, 0x2e32, 0x1e51, 0x0e70,
        0xff9f, 0xefbe, 0xdfdd, 0xcffc, 0xbf1b, 0xaf3a, 0x9f59, 0x8f78,
        0x9188, 0x81a9, 0xb1ca, 0xa1eb, 0xd10c, 0xc12d, 0xf14e, 0xe16f,
        0x1080, 0x00a1, 0x30c2, 0x20e3, 0x5004, 0x4025, 0x7046, 0x6067,
        0x83b9, 0x9398, 0xa3fb, 0xb3da, 0xc33d, 0xd31c, 0xe37f, 0xf35e,
        0x02b1, 0x1290, 0x22f3, 0x32d2, 0x4235, 0x5214, 0x6277, 0x7256,
        0xb5ea, 0xa5cb, 0x95a8, 0x8589, 0xf56e, 0xe54f, 0xd52c, 0xc50d,
        0x34e2, 0x24c3, 0x14a0, 0x0481, 0x7466, 0x6447, 0x5424, 0x4405,
        0xa7db, 0xb7fa, 0x8799, 0x97b8, 0xe75f, 0xf77e, 0xc71d, 0xd73c,
        0x26d3, 0x36f2, 0x0691, 0x16b0, 0x6657, 0x7676, 0x4615, 0x5634,
        0xd94c, 0xc96d, 0xf90e, 0xe92f, 0x99c8, 0x89e9, 0xb98a, 0xa9ab,
        0x5844, 0x4865, 0x7806, 0x6827, 0x18c0, 0x08e1, 0x3882, 0x28a3,
        0xcb7d, 0xdb5c, 0xeb3f, 0xfb1e, 0x8bf9, 0x9bd8, 0xabbb, 0xbb9a,
        0x4a75, 0x5a54, 0x6a37, 0x7a16, 0x0af1, 0x1ad0, 0x2ab3, 0x3a92,
        0xfd2e, 0xed0f, 0xdd6c, 0xcd4d, 0xbdaa, 0xad8b, 0x9de8, 0x8dc9,
        0x7c26, 0x6c07, 0x5c64, 0x4c45, 0x3ca2, 0x2c83, 0x1ce0, 0x0cc1,
        0xef1f, 0xff3e, 0xcf5d, 0xdf7c, 0xaf9b, 0xbfba, 0x8fd9, 0x9ff8,
        0x6e17, 0x7e36, 0x4e55, 0x5e74, 0x2e93, 0x3eb2, 0x0ed1, 0x1ef0
    };

    // crc32tab of nc_crc32.c: the reflected CRC-32 polynomial 0xedb88320.
    private static final int[] CRC32_TABLE = {
        0x00000000, 0x77073096, 0xee0e612c, 0x990951ba,
        0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
        0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
        0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
        0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de,
        0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
        0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec,
        0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
        0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
        0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
        0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940,
        0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
        0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116,
        0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
        0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
        0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
        0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a,
        0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
        0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818,
        0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
        0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
        0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
        0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c,
        0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
        0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2,
        0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
        0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
        0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
        0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086,
        0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
        0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4,
        0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
        0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
        0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
        0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8,
        0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
        0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe,
        0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
        0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
        0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
        0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252,
        0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
        0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60,
        0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
        0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
        0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
        0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04,
        0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
        0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a,
        0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
        0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
        0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
        0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e,
        0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
        0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c,
        0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
        0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
        0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
        0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0,
        0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
        0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6,
        0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
        0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
        0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d
    };

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

    /** hash_crc16 (nc_crc16.c). */
    public static int crc16(ByteBuf key, int offset, int length) {
        // crc is a uint32_t that the C code never cuts back to 16 bits, so the bytes shifted above bit 15 stay in
        // the result: only the low 16 bits are the XMODEM CRC, and twemproxy hashes all 32.
        int crc = 0;
        for (int i = 0; i < length; i++) {
            crc = (crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ key.getByte(offset + i)) & 0xff];
        }
        return crc;
    }

    /** hash_crc32 (nc_crc32.c): libmemcached's variant, 15 bits of the CRC-32. */
    public static int crc32(ByteBuf key, int offset, int length) {
        int crc = 0xffffffff;
        for (int i = 0; i < length; i++) {
            crc = (crc >>> 8) ^ CRC32_TABLE[(crc ^ key.getByte(offset + i)) & 0xff];
        }
        return (~crc >>> 16) & 0x7fff;
    }

    /** hash_crc32a (nc_crc32.c): the standard CRC-32. */
    public static int crc32a(ByteBuf key, int offset, int length) {
        int crc = 0xffffffff;
        for (int i = 0; i < length; i++) {
            crc = CRC32_TABLE[(crc ^ key.getByte(offset + i)) & 0xff] ^ (crc >>> 8);
        }
        return ~crc;
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
