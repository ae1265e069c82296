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
    MURMUR3;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
