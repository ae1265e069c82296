package io.slotway.config;

import java.util.Locale;

/** How a sharded upstream hashes keys onto its ring. */
public enum HashFunction {
    /**
     * twemproxy's fnv1a_64 (truncated to 32 bits as twemproxy does), so placements match a twemproxy pool's.
     * It spreads short keys that differ only in their last bytes poorly; prefer murmur3 for new deployments.
     */
    FNV1A_64,
    /** MurmurHash3, x86 32-bit variant, seed 0: the default. */
    MURMUR3,
    /** twemproxy's other hash functions, for pools moving from it (twemproxy's names, its exact results). */
    FNV1_64, FNV1_32, FNV1A_32, ONE_AT_A_TIME, MD5, CRC16, CRC32, CRC32A, HSIEH, MURMUR, JENKINS;

    /** Every name {@code hash} accepts, for error messages. */
    public static String names() {
        return java.util.Arrays.stream(values()).map(HashFunction::configName)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
